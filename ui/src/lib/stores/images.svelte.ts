// Image files the writer dropped onto the window, waiting for the body editor to ask for their
// alt text. The window's drop handler (App) puts them here; the body editor takes them.

/** A point in the window, in CSS pixels from its top-left corner. */
export interface WindowPoint {
  x: number;
  y: number;
}

/** An image file waiting for the body editor: its path and where it was dropped, if known. */
export interface ImageRequest {
  path: string;
  at: WindowPoint | null;
}

class ImageRequests {
  /** The image file waiting, if any. */
  pending = $state<ImageRequest | null>(null);

  /** Hands `path`, dropped at `at`, to the body editor. */
  request(path: string, at: WindowPoint | null = null): void {
    this.pending = { path, at };
  }

  /** The waiting request, taken (the next call returns `null`). */
  take(): ImageRequest | null {
    const request = this.pending;
    this.pending = null;
    return request;
  }
}

export const imageRequests = new ImageRequests();
