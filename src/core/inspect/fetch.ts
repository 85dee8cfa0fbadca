// An ExchangeRecord as a fetch() call (browser devtools console or Node 18+). fetch sets the framing and
// connection fields itself and refuses to send some (the Fetch standard's forbidden request-headers), so those are
// left out and named in a comment; the WHATWG URL parser resolves "." and ".." segments, so a target with them is
// noted (the cURL export sends it as is). Pure: no sockets, no files.

import type { ExchangeRecord } from '../events';
import { isUtf8Text, recordedRequest, requestUrl, truncationNote } from './recordedRequest';

/** Fields fetch decides itself (Fetch §2.2.2 forbidden request-headers that a recorded request commonly has). */
const SET_BY_FETCH = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'expect', 'te',
  'trailer', 'upgrade', 'accept-encoding']);

export function toFetch(record: ExchangeRecord, baseUrl: string): string {
  const request = recordedRequest(record);
  const comments: string[] = [];
  const headers = request.fields.filter(([name]) => !SET_BY_FETCH.has(name.toLowerCase()));
  const left = request.fields.filter(([name]) => SET_BY_FETCH.has(name.toLowerCase())).map(([name]) => name);
  if (left.length > 0) {
    comments.push(`set by fetch itself, not sent from here: ${[...new Set(left)].join(', ')}`);
  }
  if (/(^|\/)\.\.?(\/|$|\?)/.test(request.target.split('?')[0])) {
    comments.push('fetch resolves "." and ".." in the path; the cURL export (--path-as-is) sends it as recorded');
  }
  const init: string[] = [`  method: ${JSON.stringify(request.method)},`];
  if (headers.length > 0) {
    init.push(`  headers: [\n${headers.map(([name, value]) => `    [${JSON.stringify(name)}, ${JSON.stringify(value)}],`).join('\n')}\n  ],`);
  }
  if (record.bodyBytes > 0) {
    if (request.method === 'GET' || request.method === 'HEAD') {
      comments.push(`fetch cannot send a body with ${request.method}: its ${request.content.length} bytes are left out`);
    } else if (isUtf8Text(request.content)) {
      init.push(`  body: ${JSON.stringify(request.content.toString('utf8'))},`);
    } else {
      init.push(`  body: Uint8Array.from(atob(${JSON.stringify(request.content.toString('base64'))}), (c) => c.charCodeAt(0)),`);
    }
  }
  const note = truncationNote(record, request);
  if (note) {
    comments.push(note);
  }
  const header = comments.map((comment) => `// ${comment}\n`).join('');
  return `${header}await fetch(${JSON.stringify(requestUrl(request.target, baseUrl))}, {\n${init.join('\n')}\n});`;
}
