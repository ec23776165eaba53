// Live preview results come back out of order; each request gets a revision number and a
// result is shown only if it is newer than the one on screen.

export class RevisionGate {
  #issued = 0;
  #shown = 0;

  /** A new revision number for the next request. */
  issue(): number {
    this.#issued += 1;
    return this.#issued;
  }

  /** Whether a result for `revision` should be shown; accepting it makes older ones stale. */
  accept(revision: number): boolean {
    if (revision <= this.#shown || revision > this.#issued) return false;
    this.#shown = revision;
    return true;
  }

  /** Whether `revision` is the newest one issued (no request was made after it). */
  isCurrent(revision: number): boolean {
    return revision === this.#issued;
  }

  /** Forgets everything in flight (another page was opened). */
  reset(): void {
    this.#shown = this.#issued;
  }
}
