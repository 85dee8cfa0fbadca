// CORS is off by default (no Access-Control-Allow-Origin on any answer); cors: true adds exactly
// "Access-Control-Allow-Origin: *" and never Access-Control-Allow-Credentials, on successes and errors alike.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const REQUESTS: Array<{ what: string; raw: string; status: number }> = [
  { what: 'a file', raw: 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n', status: 200 },
  { what: 'a HEAD', raw: 'HEAD /ok.txt HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n', status: 200 },
  { what: 'a range', raw: 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nRange: bytes=0-1\r\n', status: 206 },
  { what: 'a missing file', raw: 'GET /missing HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n', status: 404 },
  { what: 'a listing', raw: 'GET /sub/ HTTP/1.1\r\nHost: localhost\r\n', status: 200 },
  { what: 'a redirect', raw: 'GET /sub HTTP/1.1\r\nHost: localhost\r\n', status: 301 },
  { what: 'a preflight', raw: 'OPTIONS /ok.txt HTTP/1.1\r\nHost: localhost\r\nOrigin: https://a.example\r\n'
    + 'Access-Control-Request-Method: GET\r\n', status: 204 },
  { what: 'a refused Host', raw: 'GET /ok.txt HTTP/1.1\r\nHost: evil.com\r\n', status: 403 },
  { what: 'a POST', raw: 'POST /ok.txt HTTP/1.1\r\nHost: localhost\r\n', status: 405 },
];

async function exchange(srv: TestServer, raw: string): Promise<ReturnType<typeof parseResponses>[number]> {
  const { bytes } = await rawExchange(srv.port, `${raw}Connection: close\r\n\r\n`);
  const responses = parseResponses(bytes, [raw.startsWith('HEAD')]);
  assert.equal(responses.length, 1);
  return responses[0];
}

describe('security: CORS', () => {
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({ 'ok.txt': 'ok\n', 'sub/a.txt': 'a\n' }, 'raw-http-cors-');
  });
  after(() => tree.cleanup());

  describe('default (off)', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir });
    });
    after(() => srv.close());

    for (const { what, raw, status } of REQUESTS) {
      it(`${what} → ${status} without Access-Control-* headers`, async () => {
        const response = await exchange(srv, raw);
        assert.equal(response.status, status);
        assert.ok(!/access-control-/i.test(response.head), response.head);
      });
    }
  });

  describe('cors: true', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, policy: { cors: true } });
    });
    after(() => srv.close());

    for (const { what, raw, status } of REQUESTS) {
      it(`${what} → ${status} with exactly "Access-Control-Allow-Origin: *" and no credentials`, async () => {
        const response = await exchange(srv, raw);
        assert.equal(response.status, status);
        assert.equal(response.head.match(/\r\nAccess-Control-Allow-Origin: \*\r\n/g)?.length, 1, response.head);
        assert.ok(!/access-control-allow-credentials/i.test(response.head));
        assert.ok(!/https:\/\/(evil|a)\.example/.test(response.head), 'the Origin must never be reflected');
      });
    }
  });
});
