// Records as a REST Client ".http" file (the VS Code extension's format, also read by JetBrains' HTTP client):
// requests separated by "###" lines, each a request line, its headers in raw order, an empty line and the body.
// Content-Length and Transfer-Encoding are left to the client (it frames the body it sends; the file's line ends
// may change when edited). The file is saved, often inside a repository: Cookie and Authorization values are
// redacted unless `showSecrets`, as in the log and the HAR, and a comment says so. Pure: no sockets, no files.

import type { ExchangeRecord } from '../events';
import { formatClock } from '../log/logFormat';
import { isSecretFieldName, redactionMarker } from '../log/redact';
import { isUtf8Text, recordedRequest, requestUrl, truncationNote } from './recordedRequest';

const FRAMING = new Set(['content-length', 'transfer-encoding']);

export interface HttpFileOptions {
  /** Keep Cookie/Authorization values (default: redacted, like the log). */
  showSecrets?: boolean;
}

function entry(record: ExchangeRecord, baseUrl: string | undefined, options: HttpFileOptions): string {
  const request = recordedRequest(record);
  const comments = [`${formatClock(record.startedAt)} c${record.connectionId}#${record.requestIndex} → ${record.status || '—'}`];
  // Without a base URL the origin-form target and the Host field say where it goes, as on the wire.
  const target = baseUrl === undefined ? request.target : requestUrl(request.target, baseUrl);
  const lines = [`${request.method} ${target} ${request.version}`];
  const redacted: string[] = [];
  for (const [name, value] of request.fields) {
    if (FRAMING.has(name.toLowerCase())) {
      continue;
    }
    const secret = !options.showSecrets && isSecretFieldName(name);
    if (secret) {
      redacted.push(name);
    }
    lines.push(`${name}: ${secret ? redactionMarker(Buffer.byteLength(value, 'latin1')) : value}`);
  }
  if (redacted.length > 0) {
    comments.push(`${[...new Set(redacted)].join(', ')} redacted (showSecrets keeps them: --log-secrets, rawHttpServer.log.showSecrets)`);
  }
  let body = '';
  if (record.bodyBytes > 0) {
    if (isUtf8Text(request.content)) {
      body = `\n${request.content.toString('utf8')}`;
    } else {
      comments.push(`binary body of ${request.content.length} bytes not written (use the cURL export)`);
    }
  }
  const note = truncationNote(record, request);
  if (note) {
    comments.push(note);
  }
  return `${comments.map((comment) => `# ${comment}\n`).join('')}${lines.join('\n')}\n${body}\n`;
}

export function toHttpFile(records: readonly ExchangeRecord[], baseUrl?: string, options: HttpFileOptions = {}): string {
  return records.map((record) => `### ${record.method ?? '?'} ${record.target ?? '?'}\n${entry(record, baseUrl, options)}`).join('\n');
}
