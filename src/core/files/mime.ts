// Content-Type for a file name, from the mime database (the `mime-types` package). Text types, JavaScript and
// JSON get "; charset=utf-8"; anything unknown is application/octet-stream. Results are memoised per extension.
// Only the extension table is used: the bundles (esbuild.mjs) replace the package by that table, computed by the
// package itself when building, because building it at run time cost ~15 ms of every start.

import * as path from 'node:path';
import { types } from 'mime-types';

const FALLBACK = 'application/octet-stream';
const byExtension = new Map<string, string>();

/** Types the database knows but with a charset rule of its own that we override for a dev server's needs. */
const OVERRIDES: Record<string, string> = {
  // .mjs must be served as JavaScript or browsers refuse to run module scripts (HTML spec: strict MIME checking).
  '.mjs': 'text/javascript',
  '.cjs': 'text/javascript',
  '.ts': 'text/plain', // not video/mp2t: a dev server sees TypeScript far more often than MPEG transport streams.
};

function needsCharset(type: string): boolean {
  return type.startsWith('text/') || type === 'application/json' || type === 'application/javascript'
    || type.endsWith('+json') || type.endsWith('+xml') || type === 'application/xml' || type === 'image/svg+xml';
}

export function contentTypeFor(fileName: string): string {
  const extension = path.extname(fileName).toLowerCase();
  const cached = byExtension.get(extension);
  if (cached !== undefined) {
    return cached;
  }
  const key = extension.slice(1);
  const base = OVERRIDES[extension] ?? ((key !== '' && Object.hasOwn(types, key) && types[key]) || FALLBACK);
  const full = needsCharset(base) ? `${base}; charset=utf-8` : base;
  if (byExtension.size < 1024) {
    byExtension.set(extension, full);
  }
  return full;
}
