// The types that cross IPC, re-exported from the generated bindings so the rest of the UI
// (and the unit tests) import types without pulling in `@tauri-apps/api`.

export type {
  ChangeKind,
  FieldEdit,
  FileChange,
  Identity,
  IpcError,
  JsonValue,
  OpenedDocument,
  PageEntry,
  PageKind,
  Preview,
  RenderDiagnostic,
  Settings,
  SiteInfo,
  Term,
} from "./bindings";
