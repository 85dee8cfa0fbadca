// Host allowlist (DNS-rebinding defence): on a loopback bind only loopback names, allowedHosts and the front end's
// external authorities pass; others get 403 with a page naming the setting, malformed ones 400, each refusal logged
// with its reason. Absolute-form targets are checked instead of Host; a network bind also admits IP literals.

import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

async function getWithHost(srv: TestServer, host: string | undefined, target = '/ok.txt', version = '1.1'):
  Promise<{ status: number; body: string; reason: string | undefined }> {
  const before = srv.entries.length;
  const hostLine = host === undefined ? '' : `Host: ${host}\r\n`;
  const { bytes } = await rawExchange(srv.port, `GET ${target} HTTP/${version}\r\n${hostLine}Connection: close\r\n\r\n`);
  const [response] = parseResponses(bytes);
  assert.equal(srv.entries.length, before + 1, 'one log entry per request');
  assert.equal(srv.entries[before].status, response.status);
  return { status: response.status, body: response.body.toString(), reason: srv.entries[before].reason };
}

async function assertRefused(srv: TestServer, host: string, target?: string): Promise<void> {
  const { status, body, reason } = await getWithHost(srv, host, target);
  assert.equal(status, 403, `Host ${host}`);
  assert.match(body, /allowedHosts/);
  assert.ok(!body.includes('ok-body'), 'the file must not be served');
  assert.ok(reason?.includes('is not allowed (DNS-rebinding defence; add it to allowedHosts)'), reason);
}

async function assertServed(srv: TestServer, host: string | undefined, target?: string, version?: string): Promise<void> {
  const { status, body } = await getWithHost(srv, host, target, version);
  assert.equal(status, 200, `Host ${host}`);
  assert.equal(body, 'ok-body\n');
}

describe('security: Host allowlist', () => {
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({ 'ok.txt': 'ok-body\n' }, 'raw-http-hosts-');
  });
  after(() => tree.cleanup());

  describe('bound to 127.0.0.1 (defaults)', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir });
    });
    after(() => srv.close());

    for (const host of ['localhost', 'localhost:1234', 'LOCALHOST', 'foo.localhost', 'a.b.localhost:8', '127.0.0.1',
      '127.0.0.1:9', '127.1.2.3', '[::1]', '[::1]:80', '[::ffff:127.0.0.1]']) {
      it(`allows Host ${host}`, () => assertServed(srv, host));
    }

    for (const host of ['evil.com', 'evil.com:80', '127.0.0.1.nip.io', 'localhost.evil.com', '10.0.0.1', '192.168.1.5',
      '0x7f000001', 'localhostx', 'evillocalhost', 'evil.com:', 'proxy.example:443',
      // Well-formed RFC 3986 reg-names (sub-delims), never DNS-style: a policy refusal, never the suffix test.
      'evil.com,.localhost', 'evil;.localhost', '0.0.0.0=5000']) {
      it(`refuses Host ${host} with 403`, () => assertRefused(srv, host));
    }

    for (const host of ['a b', '[zz]', 'host:port:x', '[::1', 'ex ample.com:80', ':80', 'caf\u00e9.localhost']) {
      it(`refuses malformed Host ${JSON.stringify(host)} with 400`, async () => {
        const { status, body, reason } = await getWithHost(srv, host);
        assert.equal(status, 400);
        assert.ok(!body.includes('ok-body'));
        assert.match(reason ?? '', /^malformed Host ".*"$/);
      });
    }

    it('checks the absolute-form authority instead of Host', async () => {
      await assertRefused(srv, 'localhost', 'http://evil.com/ok.txt');
      await assertServed(srv, 'evil.com', 'http://localhost:8000/ok.txt');
    });

    it('serves HTTP/1.0 without Host, and refuses HTTP/1.1 without Host', async () => {
      await assertServed(srv, undefined, '/ok.txt', '1.0');
      const { status, reason } = await getWithHost(srv, undefined);
      assert.equal(status, 400);
      assert.match(reason ?? '', /without Host/);
    });

    it('setExternalAuthorities admits exactly that authority', async () => {
      await assertRefused(srv, 'proxy.example:443');
      srv.server.setExternalAuthorities(['proxy.example:443']);
      await assertServed(srv, 'proxy.example:443');
      await assertRefused(srv, 'proxy.example:444');
      await assertRefused(srv, 'proxy.example');
      srv.server.setExternalAuthorities([]);
      await assertRefused(srv, 'proxy.example:443');
    });

    it('OPTIONS * is subject to the allowlist too', async () => {
      const { bytes } = await rawExchange(srv.port, 'OPTIONS * HTTP/1.1\r\nHost: evil.com\r\nConnection: close\r\n\r\n');
      assert.equal(parseResponses(bytes)[0].status, 403);
    });
  });

  describe('with allowedHosts: dev.test, *.example.test', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, policy: { allowedHosts: ['dev.test', '*.example.test'] } });
    });
    after(() => srv.close());

    for (const host of ['dev.test', 'dev.test:8080', 'DEV.TEST', 'a.example.test', 'a.b.example.test:1', 'localhost']) {
      it(`allows Host ${host}`, () => assertServed(srv, host));
    }
    for (const host of ['example.test', 'dev.test.evil.com', 'xexample.test', 'evil.com']) {
      it(`refuses Host ${host}`, () => assertRefused(srv, host));
    }
  });

  describe('bound to 0.0.0.0 (network), reached over 127.0.0.1', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, host: '0.0.0.0' });
    });
    after(() => srv.close());

    it('warns on listen that the server is reachable from other machines', () => {
      const warning = srv.notices.find((notice) => notice.level === 'warning');
      assert.match(warning?.message ?? '', /listening on 0\.0\.0\.0: the server is reachable from other machines/);
    });

    for (const host of ['192.168.1.5', '192.168.1.5:8000', '10.0.0.1', '[fe80::1]', '[2001:db8::1]:80', 'localhost',
      os.hostname()]) {
      it(`allows Host ${host}`, () => assertServed(srv, host));
    }
    for (const host of ['evil.com', 'evil.com:80', '127.0.0.1.nip.io', '192.168.1.5.nip.io']) {
      it(`still refuses Host ${host}`, () => assertRefused(srv, host));
    }
  });
});
