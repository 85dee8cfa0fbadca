// An ExchangeRecord as a curl command that sends the same request: method, target (with --path-as-is so ".." and
// "//" reach the server as recorded), HTTP version, headers in raw order and the body. curl adds headers of its own
// (User-Agent, Accept, and with a body Content-Type and Expect): an empty "-H 'Name:'" removes each one the
// recorded request did not have. Pure: no sockets, no files.

import type { ExchangeRecord } from '../events';
import { firstField } from '../http/rawFields';
import { recordedRequest, requestUrl, truncationNote } from './recordedRequest';
import { isPlainText, printfBody, shellQuote } from './shellQuote';

export function toCurl(record: ExchangeRecord, baseUrl: string): string {
  const request = recordedRequest(record);
  const has = (name: string): boolean => firstField(request.fields, name) !== undefined;
  const args = ['curl', request.version === 'HTTP/1.0' ? '--http1.0' : '--http1.1', '--path-as-is'];
  // HEAD through -X would make curl wait for a body that never comes; --head asks for exactly a HEAD request.
  args.push(...(request.method === 'HEAD' ? ['--head'] : ['-X', shellQuote(request.method)]));
  args.push(shellQuote(requestUrl(request.target, baseUrl)));
  for (const [name, value] of request.fields) {
    args.push('-H', shellQuote(`${name}: ${value}`));
  }
  const withBody = record.bodyBytes > 0;
  const curlAdds = ['User-Agent', 'Accept', ...(withBody ? ['Content-Type', 'Expect'] : [])];
  for (const name of curlAdds.filter((candidate) => !has(candidate))) {
    args.push('-H', shellQuote(`${name}:`));
  }
  let pipe = '';
  if (withBody && isPlainText(request.content)) {
    // --data-binary sends the bytes untouched; only a leading "@" (read a file) needs --data-raw instead.
    args.push(request.content[0] === 0x40 ? '--data-raw' : '--data-binary', shellQuote(request.content));
  } else if (withBody) {
    pipe = `${printfBody(request.content)} | `; // binary: through stdin (@-), byte for byte
    args.push('--data-binary', '@-');
  }
  const note = truncationNote(record, request);
  return `${note ? `# ${note}\n` : ''}${pipe}${args.join(' ')}`;
}
