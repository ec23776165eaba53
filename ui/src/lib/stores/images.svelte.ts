// Image files the writer dropped onto the window, waiting for the body editor to ask for their
// alt text. The window's drop handler (App) puts them here; the body editor takes them.

class ImageRequests {
  /** The path of the image file waiting, if any. */
  pending = $state<string | null>(null);

  /** Hands `path` to the body editor. */
  request(path: string): void {
    this.pending = path;
  }

  /** The waiting path, taken (the next call returns `null`). */
  take(): string | null {
    const path = this.pending;
    this.pending = null;
    return path;
  }
}

export const imageRequests = new ImageRequests();
