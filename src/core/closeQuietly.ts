// Closing a descriptor whose file is done with (served, refused, or its client left): asynchronous, and a failure
// there has nobody to tell. One helper for the file responder and the socket layer, which may not import each other.

import * as fs from 'node:fs';

export function closeQuietly(fd: number): void {
  fs.close(fd, () => { /* nothing useful to do if closing fails */ });
}
