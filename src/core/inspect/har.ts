// Records as a HAR 1.2 log (http://www.softwareishard.com/blog/har-12-spec/): one entry per exchange with the request
// as recorded (headers in raw order, query, cookies, post data), the response head as sent, and custom fields
// _rawRequest (the raw head as log text) and _reason (why the answer is what it is). HAR files get shared (bug
// reports), so Cookie, Authorization and Proxy-Authorization values are redacted unless `showSecrets`, as in the log.
// Pure: no sockets, no files.

import type { ExchangeRecord } from '../events';
import { readFormBody, mediaType } from '../http/formBody';
import { firstField, type RawRequestParts } from '../http/rawFields';
import { isSecretFieldName, printableHead, redactionMarker } from '../log/redact';
import { baseUrlFromHost, isUtf8Text, recordedRequest, requestUrl, truncationNote, type RecordedRequest } from './recordedRequest';

export interface HarNameValue { name: string; value: string; comment?: string }
export interface HarCreator { name: string; version: string; comment?: string }

export interface HarOptions {
  /** Keep secret header values (default: redacted, like the log). */
  showSecrets?: boolean;
  /** Base URL for requests, or one per record (default: http:// + their Host field). */
  baseUrl?: string | ((record: ExchangeRecord) => string | undefined);
  /** The log's comment (e.g. that older exchanges were dropped). */
  comment?: string;
}


function splitHead(head: Buffer | undefined): { statusLine: string; fields: RawRequestParts['fields'] } {
  const lines = (head ?? Buffer.alloc(0)).toString('latin1').split('\r\n');
  const fields: RawRequestParts['fields'] = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
  }
  return { statusLine: lines[0] ?? '', fields };
}

function cookiesOf(header: string | undefined, secret: (value: string) => string): HarNameValue[] {
  return (header ?? '').split(';').map((pair) => pair.trim()).filter((pair) => pair !== '').map((pair) => {
    const equals = pair.indexOf('=');
    return equals === -1 ? { name: pair, value: '' } : { name: pair.slice(0, equals), value: secret(pair.slice(equals + 1)) };
  });
}

function postData(record: ExchangeRecord, request: RecordedRequest, contentType: string | undefined): object | undefined {
  if (record.bodyBytes === 0) {
    return undefined;
  }
  const note = truncationNote(record, request);
  const utf8 = isUtf8Text(request.content);
  const text = utf8 ? request.content.toString('utf8') : request.content.toString('base64');
  const data: Record<string, unknown> = { mimeType: contentType ?? '', text };
  if (!utf8) {
    data._encoding = 'base64';
  }
  const form = readFormBody(contentType, request.content);
  if (form.isForm) {
    const params: Array<Record<string, string>> = [];
    for (const [name, value] of Object.entries(form.form)) {
      for (const one of Array.isArray(value) ? value : [value]) {
        params.push({ name, value: one });
      }
    }
    for (const file of form.files) {
      params.push({ name: file.name, fileName: file.filename, contentType: file.type });
    }
    data.params = params;
  }
  if (note) {
    data.comment = note;
  }
  return data;
}

function entry(record: ExchangeRecord, options: HarOptions): object {
  const request = recordedRequest(record);
  const secret = (value: string): string => options.showSecrets ? value : redactionMarker(Buffer.byteLength(value, 'latin1'));
  const headers = request.fields.map(([name, value]) => ({ name, value: isSecretFieldName(name) ? secret(value) : value }));
  const base = typeof options.baseUrl === 'function' ? options.baseUrl(record) : options.baseUrl;
  const url = requestUrl(request.target, base ?? baseUrlFromHost(request.fields));
  const query = request.target.split('#')[0].split('?').slice(1).join('?');
  const queryString = [...new URLSearchParams(query)].map(([name, value]) => ({ name, value }));
  const response = splitHead(record.responseHead);
  const [httpVersion = '', , ...phrase] = response.statusLine.split(' ');
  const responseType = firstField(response.fields, 'content-type') ?? '';
  const headSize = record.responseHead?.length ?? -1;
  const bodySent = record.responseHead ? Math.max(0, record.bytesSent - record.responseHead.length
    - (record.interimHeads ?? []).reduce((sum, head) => sum + head.length, 0)) : -1;
  const contentType = firstField(request.fields, 'content-type');
  const data = postData(record, request, contentType);
  return {
    startedDateTime: new Date(record.startedAt).toISOString(),
    time: record.durationMs,
    request: {
      method: request.method, url, httpVersion: request.version, headers, queryString,
      cookies: cookiesOf(firstField(request.fields, 'cookie'), secret),
      headersSize: record.rawHead.length + record.rawHeadOmitted, bodySize: record.bodyBytes,
      ...(data ? { postData: data } : {}),
    },
    response: {
      status: record.status, statusText: record.status === 0 ? '' : phrase.join(' '), httpVersion,
      headers: response.fields.map(([name, value]) => ({ name, value })),
      cookies: response.fields.filter(([name]) => name.toLowerCase() === 'set-cookie').flatMap(([, value]) => cookiesOf(value.split(';')[0], secret)),
      content: { size: Math.max(0, bodySent), mimeType: mediaType(responseType) === '' ? '' : responseType },
      redirectURL: firstField(response.fields, 'location') ?? '', headersSize: headSize, bodySize: bodySent,
    },
    cache: {},
    // The server measures one span, first request byte to last response byte; HAR's phases cannot be told apart.
    timings: { send: 0, wait: record.durationMs, receive: 0 },
    connection: `c${record.connectionId}`,
    _rawRequest: printableHead(record.rawHead, options.showSecrets === true),
    _reason: record.reason ?? '',
    ...(record.notes?.length ? { _notes: record.notes } : {}),
    ...(record.aborted ? { _aborted: true } : {}),
  };
}

export function toHar(records: readonly ExchangeRecord[], creator: HarCreator, options: HarOptions = {}): { log: object } {
  return {
    log: {
      version: '1.2', creator, pages: [],
      entries: records.map((record) => entry(record, options)),
      ...(options.comment ? { comment: options.comment } : {}),
    },
  };
}
