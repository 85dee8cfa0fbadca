// Exporters over records from a real server: HAR 1.2 (checked against the spec's required fields and types by a
// small checker), fetch(), the .http file and the raw text; and replay: replayBytes gives exactly the recorded
// bytes, refuses a truncated record, and replay() sends them again, recorded as a new exchange.

import * as assert from 'node:assert/strict';
import { replayBytes, toFetch, toHar, toHttpFile, toRawRequest } from '../../src/core/inspect';
import { replay } from '../../src/core/server/replayClient';
import { parseResponses, recordOf, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

type Shape = 'string' | 'number' | 'object' | 'array' | 'boolean';

/** HAR 1.2's required fields and their types (softwareishard.com/blog/har-12-spec). */
const REQUIRED: Record<string, Record<string, Shape>> = {
  log: { version: 'string', creator: 'object', entries: 'array' },
  creator: { name: 'string', version: 'string' },
  entry: { startedDateTime: 'string', time: 'number', request: 'object', response: 'object', cache: 'object', timings: 'object' },
  request: { method: 'string', url: 'string', httpVersion: 'string', cookies: 'array', headers: 'array', queryString: 'array',
    headersSize: 'number', bodySize: 'number' },
  response: { status: 'number', statusText: 'string', httpVersion: 'string', cookies: 'array', headers: 'array',
    content: 'object', redirectURL: 'string', headersSize: 'number', bodySize: 'number' },
  content: { size: 'number', mimeType: 'string' },
  timings: { send: 'number', wait: 'number', receive: 'number' },
  postData: { mimeType: 'string', text: 'string' },
  nameValue: { name: 'string', value: 'string' },
};

function shapeOf(value: unknown): Shape | 'other' {
  return Array.isArray(value) ? 'array' : value === null ? 'other' : (typeof value as Shape);
}

function check(kind: string, value: unknown, where: string): void {
  assert.equal(shapeOf(value), 'object', `${where} is an object`);
  for (const [field, shape] of Object.entries(REQUIRED[kind])) {
    assert.equal(shapeOf((value as Record<string, unknown>)[field]), shape, `${where}.${field} is ${shape}`);
  }
}

function checkHar(har: unknown): void {
  const log = (har as { log: Record<string, unknown> }).log;
  check('log', log, 'log');
  assert.equal(log.version, '1.2');
  check('creator', log.creator, 'log.creator');
  (log.entries as Array<Record<string, Record<string, unknown>>>).forEach((entry, i) => {
    const where = `log.entries[${i}]`;
    check('entry', entry, where);
    assert.ok(!Number.isNaN(Date.parse(entry.startedDateTime as unknown as string)), `${where}.startedDateTime is ISO 8601`);
    check('request', entry.request, `${where}.request`);
    check('response', entry.response, `${where}.response`);
    check('content', entry.response.content, `${where}.response.content`);
    check('timings', entry.timings, `${where}.timings`);
    for (const list of ['headers', 'cookies', 'queryString'] as const) {
      (entry.request[list] as unknown[]).forEach((pair, j) => check('nameValue', pair, `${where}.request.${list}[${j}]`));
    }
    (entry.response.headers as unknown[]).forEach((pair, j) => check('nameValue', pair, `${where}.response.headers[${j}]`));
    if (entry.request.postData !== undefined) {
      check('postData', entry.request.postData, `${where}.request.postData`);
    }
    for (const timing of ['send', 'wait', 'receive'] as const) {
      assert.ok((entry.timings[timing] as number) >= 0, `${where}.timings.${timing} is not negative`);
    }
  });
}

const FORM = 'POST /hook/form?lang=en HTTP/1.1\r\nHost: localhost\r\nCookie: session=abc; theme=dark\r\n'
  + 'Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=John&surname=Doe';

describe('inspect: exporters and replay', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': '<p>hi</p>\n' }, 'raw-http-export-');
    srv = await startServer({ root: tree.dir, capture: ['/hook/**'], logBodyBytes: 16 });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });


  it('toHar: HAR 1.2 structure, raw-order headers, query, cookies redacted, postData params, _rawRequest and _reason', async () => {
    const form = await recordOf(srv, FORM);
    const missing = await recordOf(srv, 'GET /nope.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const har = toHar([form, missing], { name: 'raw-http-server', version: 'test' });
    checkHar(har);
    const [entry, notFound] = (har.log as { entries: Array<Record<string, Record<string, unknown>>> }).entries;
    assert.equal(entry.request.url, 'http://localhost/hook/form?lang=en');
    assert.deepEqual((entry.request.headers as Array<{ name: string }>).map((h) => h.name), ['Host', 'Cookie', 'Content-Type', 'Content-Length']);
    assert.deepEqual(entry.request.queryString, [{ name: 'lang', value: 'en' }]);
    assert.deepEqual(entry.request.cookies, [{ name: 'session', value: '‹redacted, 3 bytes›' }, { name: 'theme', value: '‹redacted, 4 bytes›' }]);
    const postData = entry.request.postData as Record<string, unknown>;
    assert.equal(postData.text, 'name=John&surname=Doe', 'the capture-kept body, beyond the 16-byte log preview');
    assert.deepEqual(postData.params, [{ name: 'name', value: 'John' }, { name: 'surname', value: 'Doe' }]);
    assert.equal(entry.response.status, 200);
    assert.equal(entry.response.statusText, 'OK');
    assert.equal((entry.response.content as { mimeType: string }).mimeType, 'application/json');
    assert.equal(entry._reason, 'captured');
    assert.match(String(entry._rawRequest), /^POST \/hook\/form\?lang=en HTTP\/1\.1\r\n/);
    assert.doesNotMatch(JSON.stringify(har), /session=abc/, 'no secret anywhere in the HAR');
    assert.equal(notFound.response.status, 404);
    const open = toHar([form], { name: 'x', version: '1' }, { showSecrets: true });
    assert.match(JSON.stringify(open), /session=abc/);
  });

  it('toFetch, toHttpFile and toRawRequest', async () => {
    const form = await recordOf(srv, FORM);
    const fetchCall = toFetch(form, 'http://127.0.0.1:8000');
    assert.match(fetchCall, /await fetch\("http:\/\/127\.0\.0\.1:8000\/hook\/form\?lang=en", \{/);
    assert.match(fetchCall, /method: "POST"/);
    assert.match(fetchCall, /\["Content-Type", "application\/x-www-form-urlencoded"\]/);
    assert.match(fetchCall, /body: "name=John&surname=Doe"/);
    assert.match(fetchCall, /^\/\/ set by fetch itself, not sent from here: Host, Content-Length/);
    const file = toHttpFile([form, form], undefined, { showSecrets: true });
    assert.equal(file.split('\n').filter((line) => line.startsWith('###')).length, 2);
    assert.ok(file.includes('\nPOST /hook/form?lang=en HTTP/1.1\nHost: localhost\nCookie: session=abc; theme=dark\n'
      + 'Content-Type: application/x-www-form-urlencoded\n\nname=John&surname=Doe\n'), file);
    // A saved file lands in the workspace (and in commits): secrets are redacted by default, and it says so.
    const safe = toHttpFile([form]);
    assert.ok(safe.includes('\nCookie: ‹redacted, 23 bytes›\n'), safe);
    assert.match(safe, /^# Cookie redacted \(showSecrets keeps them/m);
    assert.doesNotMatch(safe, /session=abc/);
    assert.equal(toRawRequest(form), FORM);
  });

  it('replayBytes: exactly the recorded bytes; replay() sends them and the new exchange is recorded', async () => {
    const chunked = 'POST /index.html HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const record = await recordOf(srv, chunked);
    const bytes = replayBytes(record);
    assert.ok(bytes.ok);
    assert.equal(bytes.bytes.toString('latin1'), chunked);
    const before = srv.entries.length;
    const response = parseResponses(await replay(srv.port, '127.0.0.1', bytes.bytes));
    assert.equal(response[0].status, 405);
    const again = srv.entries[before];
    assert.equal(Buffer.concat([again.rawHead, again.bodyPreview]).toString('latin1'), chunked, 'the server got the same bytes');
  });

  it('replayBytes refuses a record whose body preview is truncated, and says so', async () => {
    const record = await recordOf(srv, `POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 40\r\n\r\n${'z'.repeat(40)}`);
    const bytes = replayBytes(record);
    assert.ok(!bytes.ok);
    assert.match(bytes.reason, /body preview is truncated \(16 of 40 bytes kept/);
    assert.match(toRawRequest(record), /… 24 more body bytes not recorded$/);
    assert.match(toFetch(record, 'http://x'), /body cut short: 16 bytes of 40 recorded/);
  });
});
