// The unsaved editor buffers the server serves instead of the disk (live reload "onType"), keyed by the absolute
// path the core asks for (its real root joined with the URL segments). The core calls get() on every request, so it
// is one Map lookup. Only src/vscode/** and src/extension.ts import vscode; this file needs nothing from it.
import type { ContentOverlay, OverlayContent } from '../../core/files/overlay';

export class BufferOverlay implements ContentOverlay {
  private readonly buffers = new Map<string, OverlayContent>();

  get(fullPath: string): OverlayContent | undefined {
    return this.buffers.get(fullPath);
  }

  set(fullPath: string, content: OverlayContent): void {
    this.buffers.set(fullPath, content);
  }

  /** True when a buffer was served for the path (the pages then need telling that the disk is back). */
  delete(fullPath: string): boolean {
    return this.buffers.delete(fullPath);
  }

  /** Removes the path's buffer and returns what it served, if anything. */
  take(fullPath: string): OverlayContent | undefined {
    const content = this.buffers.get(fullPath);
    this.buffers.delete(fullPath);
    return content;
  }

  clear(): void {
    this.buffers.clear();
  }
}
