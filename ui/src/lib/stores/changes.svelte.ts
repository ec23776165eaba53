// The changes panel: files changed since the last commit, the message, the identity, Commit.

import { api, asAppError } from "../ipc";
import type { FileChange, Identity } from "../ipc/types";

export class ChangesStore {
  files = $state.raw<FileChange[]>([]);
  message = $state("");
  identity = $state<Identity | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  lastCommit = $state<string | null>(null);

  async refresh(): Promise<void> {
    try {
      const [files, identity] = await Promise.all([api.status(), api.commitIdentity()]);
      this.files = files;
      this.identity = identity;
    } catch (e) {
      this.error = asAppError(e).located;
    }
  }

  get canCommit(): boolean {
    return !this.busy && this.message.trim() !== "" && this.files.length > 0 && this.identity !== null;
  }

  async commit(): Promise<void> {
    if (this.message.trim() === "") return;
    this.busy = true;
    this.error = null;
    try {
      const id = await api.commit(this.message.trim());
      this.lastCommit = id.slice(0, 7);
      this.message = "";
      await this.refresh();
    } catch (e) {
      this.error = asAppError(e).located;
    } finally {
      this.busy = false;
    }
  }
}
