// The live-reload client added to HTML answers: the <script> goes in once per file version and request path (the
// src is relative to the page), memoised with the version, with an ETag of its own so revalidation still answers
// 304 for the injected bytes. What was added is said in the exchange's notes, so the log shows it.

import { injectLiveClient, injectedEtag, liveClientSrc } from './htmlInject';
import type { FileRecord } from './representation';

const MEMO_PER_RECORD = 16;
const variants = new WeakMap<FileRecord, Map<string, { record: FileRecord; note: string }>>();

export function isHtml(record: FileRecord): boolean {
  return record.contentType.startsWith('text/html');
}

/** The record as answered to `urlPath` with the client injected (a record of its own: bytes, ETag, lines). */
export function withLiveClient(record: FileRecord, urlPath: string): { record: FileRecord; note: string } {
  let byPath = variants.get(record);
  if (!byPath) {
    byPath = new Map();
    variants.set(record, byPath);
  }
  let variant = byPath.get(urlPath);
  if (variant === undefined) {
    const injection = injectLiveClient(record.body!, liveClientSrc(urlPath));
    const etag = injectedEtag(record.validators.etag);
    const validators = { ...record.validators, etag };
    variant = {
      record: { ...record, body: injection.body, size: injection.body.length, validators,
        fieldLines: record.fieldLines.replace(`ETag: ${record.validators.etag}\r\n`, `ETag: ${etag}\r\n`) },
      note: injection.placement === 'skipped (UTF-16)' ? 'live-reload client not injected (UTF-16 page)'
        : `live-reload client injected ${injection.placement}`,
    };
    if (byPath.size >= MEMO_PER_RECORD) {
      byPath.clear();
    }
    byPath.set(urlPath, variant);
  }
  return variant;
}
