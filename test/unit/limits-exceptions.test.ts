// Exceptions never take the server down: a throwing 'request' or 'notice' listener is contained (the answer still
// goes out, the connection keeps working), and a handler that throws or rejects answers 500 + close on that one
// connection only, with an 'error' notice naming the failure; the next request is served normally.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import type { Responder } from '../../src/core/server/responder';

const GET = 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\n\r\n';
const GET_CLOSE = 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

async function statuses(srv: TestServer, wire: string): Promise<{ list: string[]; closedByServer: boolean }> {
  const { bytes, closedByServer } = await rawExchange(srv.port, wire);
  return { list: parseResponses(bytes).map((response) => `${response.status} ${response.body.length}`), closedByServer };
}

describe('limits: exceptions are contained', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  /** A responder in front of the files that throws on the first request, and rejects for /reject. */
  let calls = 0;
  const exploding: Responder = {
    respond(context) {
      if (context.head.target === '/explode' && calls++ === 0) {
        throw new Error('handler exploded');
      }
      return context.head.target === '/reject' ? Promise.reject(new Error('async failure')) : undefined;
    },
  };
  beforeEach(async () => {
    calls = 0;
    tree = makeTree({ 'ok.txt': 'ok\n' }, 'raw-http-exceptions-');
    srv = await startServer({ root: tree.dir }, { responders: [exploding] });
  });
  afterEach(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('a throwing request listener: pipelined answers still go out and an error notice is emitted', async () => {
    srv.server.on('request', () => {
      throw new Error('log sink failed');
    });
    const { list, closedByServer } = await statuses(srv, GET + GET + GET_CLOSE);
    assert.deepEqual(list, ['200 3', '200 3', '200 3']);
    assert.ok(closedByServer);
    const errors = srv.notices.filter((notice) => notice.level === 'error').map((notice) => notice.message);
    assert.deepEqual(errors, Array(3).fill('request log listener failed: log sink failed'));
    assert.deepEqual((await statuses(srv, GET_CLOSE)).list, ['200 3']);
  });

  it('a throwing notice listener does not break the connection that raised the notice', async () => {
    srv.server.on('request', () => {
      throw new Error('log sink failed');
    });
    srv.server.on('notice', () => {
      throw new Error('notice sink failed');
    });
    const { list } = await statuses(srv, GET + GET_CLOSE);
    assert.deepEqual(list, ['200 3', '200 3']);
    assert.equal(srv.notices.length, 2, 'the first notice listener still received both notices');
    assert.deepEqual((await statuses(srv, GET_CLOSE)).list, ['200 3']);
  });

  it('a handler that throws: 500 + close on that connection, an error notice, and the next request served', async () => {
    const before = srv.entries.length;
    const { list, closedByServer } = await statuses(srv, 'GET /explode HTTP/1.1\r\nHost: localhost\r\n\r\n' + GET);
    assert.equal(list.length, 1);
    assert.match(list[0], /^500 /);
    assert.ok(closedByServer);
    assert.ok(srv.notices.some((notice) => notice.level === 'error' && /^connection \d+: internal error: handler exploded$/.test(notice.message)));
    assert.equal(srv.entries[before].status, 500);
    assert.equal(srv.entries[before].reason, 'internal error: handler exploded');
    assert.deepEqual((await statuses(srv, GET_CLOSE)).list, ['200 3']);
  });

  it('a handler whose reply promise rejects: 500 + close, and the server keeps serving', async () => {
    const { list, closedByServer } = await statuses(srv, 'GET /reject HTTP/1.1\r\nHost: localhost\r\n\r\n' + GET);
    assert.equal(list.length, 1);
    assert.match(list[0], /^500 /);
    assert.ok(closedByServer);
    assert.ok(srv.notices.some((notice) => notice.level === 'error' && notice.message.endsWith('internal error: async failure')));
    assert.deepEqual((await statuses(srv, GET_CLOSE)).list, ['200 3']);
  });
});
