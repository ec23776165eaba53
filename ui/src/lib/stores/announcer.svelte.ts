// The window's one live region: the outcome of a save, a commit, a sync or a check, said to a
// screen reader however the result is shown (a status line, a toast, a badge). Kept as a short
// log so that two results in a row (saved, then the site re-checked) are both read.

/** How many recent messages the region keeps (older ones are dropped, already read). */
const KEPT = 3;

export class Announcer {
  messages = $state<{ id: number; text: string }[]>([]);
  #next = 0;

  say(text: string): void {
    if (text.trim() === "") return;
    this.messages = [...this.messages, { id: this.#next++, text }].slice(-KEPT);
  }
}
