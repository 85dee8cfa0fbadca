// Content that replaces the disk for some files: the VS Code layer's unsaved editor buffers (live reload "onType").
// Keyed by the absolute path the server would open; the version (e.g. the document version) is the validator.

export interface OverlayContent {
  bytes: Buffer;
  /** Changes whenever the content does (a document version); part of the ETag. */
  version: string;
}

export interface ContentOverlay {
  /** Unsaved content for `fullPath`, or undefined to serve the disk. Must be cheap: it runs on every request. */
  get(fullPath: string): OverlayContent | undefined;
}
