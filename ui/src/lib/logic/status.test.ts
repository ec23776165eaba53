import { describe, expect, it } from "vitest";
import type { CommitDestination, FileChange } from "../ipc/types";
import { changedFilesText, changesPanelState, commitDoneText, dirtyStateText, visibleNotice, type ChangesInputs } from "./status";

const file = (path: string): FileChange => ({ path, kind: "modified", oldPath: null });
const here: CommitDestination = { branch: "draft/x", divertedFrom: null, needsConfirmation: false, explanation: null };
const who = { name: "Ada", email: "ada@example.gov" };

function inputs(over: Partial<ChangesInputs> = {}): ChangesInputs {
  const files = over.files ?? [file("a.md"), file("b.md")];
  const selected = over.selected ?? files.map((f) => f.path);
  return { files, selected, plan: { kind: "files", paths: selected }, message: "Update A", identity: who, busy: false, destination: here, ...over };
}

describe("changesPanelState: each transition of the changes panel", () => {
  it("changes saved → Commit enabled, labelled with the selection", () => {
    expect(changesPanelState(inputs())).toMatchObject({ clean: false, canCommit: true, commitLabel: "Commit", hint: null });
    expect(changesPanelState(inputs({ selected: ["a.md"], plan: { kind: "files", paths: ["a.md"] } })).commitLabel).toBe("Commit 1");
  });

  it("committed or bundled (tree clean) → clean, nothing to commit even with a stale message", () => {
    const state = changesPanelState(inputs({ files: [], selected: [], plan: { kind: "invalid", reason: "Tick at least one file to commit." } }));
    expect(state).toMatchObject({ clean: true, canCommit: false, hint: null });
    // A message typed before the tree became clean does not make Commit live.
    expect(changesPanelState(inputs({ files: [], selected: [], plan: { kind: "files", paths: [] } })).canCommit).toBe(false);
  });

  it("committing → busy label, Commit off", () => {
    expect(changesPanelState(inputs({ busy: true }))).toMatchObject({ canCommit: false, commitLabel: "Committing…" });
  });

  it("says why Commit is off: no identity, nothing ticked, no message", () => {
    expect(changesPanelState(inputs({ identity: null })).hint).toMatch(/Settings/);
    expect(changesPanelState(inputs({ selected: [], plan: { kind: "invalid", reason: "Tick at least one file to commit." } })).hint).toBe(
      "Tick at least one file to commit.",
    );
    expect(changesPanelState(inputs({ message: "  " }))).toMatchObject({ canCommit: false, hint: "Write a commit message." });
  });

  it("on a protected main branch the label and hint name the draft the commit starts", () => {
    const diverted: CommitDestination = { branch: "draft/a-post", divertedFrom: "main", needsConfirmation: false, explanation: "main is protected…" };
    expect(changesPanelState(inputs({ destination: diverted }))).toMatchObject({
      canCommit: true,
      commitLabel: "Commit to draft/a-post",
      hint: "main is protected…",
      confirmFirst: false,
    });
    const editorOnMain: CommitDestination = { branch: "main", divertedFrom: null, needsConfirmation: true, explanation: "straight to main" };
    expect(changesPanelState(inputs({ destination: editorOnMain }))).toMatchObject({ commitLabel: "Commit", confirmFirst: true });
  });
});

describe("commitDoneText", () => {
  it("names the branch the commit went to, not the current one", () => {
    expect(commitDoneText({ commit: "0123456789abcdef", branch: "draft/x", divertedFrom: null })).toBe("Committed 0123456 on draft/x");
    expect(commitDoneText({ commit: "0123456789abcdef", branch: "draft/x", divertedFrom: "main" })).toMatch(
      /^Committed 0123456 on draft\/x \(a new draft: main is protected\)$/,
    );
  });
});

describe("the editor header and the status bar", () => {
  it("a 'saved' notice disappears once the page is edited again; other notices stay", () => {
    const saved = { kind: "saved" as const, text: "Saved" };
    expect(visibleNotice(saved, false)).toBe(saved);
    expect(visibleNotice(saved, true)).toBeNull();
    const error = { kind: "error" as const, text: "Save failed" };
    expect(visibleNotice(error, true)).toBe(error);
    expect(visibleNotice(null, true)).toBeNull();
  });

  it("saved → edited → saving → saved", () => {
    expect(dirtyStateText(false, false, 0, false)).toBe("All changes saved");
    expect(dirtyStateText(true, false, 1, false)).toBe("Unsaved changes (1 field)");
    expect(dirtyStateText(true, false, 2, true)).toBe("Unsaved changes (2 fields + body)");
    expect(dirtyStateText(true, false, 0, true)).toBe("Unsaved changes (body)");
    expect(dirtyStateText(true, true, 0, true)).toBe("Saving…");
  });

  it("the repository's word follows the changed files", () => {
    expect(changedFilesText([])).toBe("No uncommitted changes");
    expect(changedFilesText([file("a.md")])).toBe("1 changed file");
    expect(changedFilesText([file("a.md"), file("b.md")])).toBe("2 changed files");
  });
});
