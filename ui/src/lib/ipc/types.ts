// The types that cross IPC, re-exported from the generated bindings so the rest of the UI
// (and the unit tests) import types without pulling in `@tauri-apps/api`. specta emits a
// `_Serialize` and a `_Deserialize` shape for types whose optional fields differ by direction;
// what the UI receives is always the `_Serialize` one.

export type {
  ChangeKind,
  DiskMerge_Serialize as DiskMerge,
  MergeHunk,
  MergeResult,
  FieldEdit,
  FileChange_Serialize as FileChange,
  Identity,
  FrontMatterProblem,
  IpcError_Serialize as IpcError,
  LineChange,
  LineChangeKind,
  Value as JsonValue,
  OpenedDocument_Serialize as OpenedDocument,
  PageEntry_Serialize as PageEntry,
  PageKind,
  Preview,
  RenderDiagnostic,
  Settings_Serialize as Settings,
  SiteInfo,
  Term,
} from "./bindings";
