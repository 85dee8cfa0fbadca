// Containment: every spelling of "outside the root" (.., %2e%2e, %2f, %252e, \, %5c, absolute-form, drive letters,
// a sibling folder sharing the root's prefix, symlinks out) is refused over HTTP/1.0 and 1.1, on 127.0.0.1 and [::1];
// the secret's bytes never appear in any response, listings hide links that leave the root, and links inside work.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTraversalFixture, rawGet, SECRET } from './security-fixture';

interface Row {
  target: string;
  status: number;
  reason?: RegExp;
  symlink?: boolean;
}

const OUTSIDE = /"\.\." in path \(outside root\)/;
const BACKSLASH = /backslash in path/;

const REFUSED: Row[] = [
  { target: '/../secret.txt', status: 403, reason: OUTSIDE },
  { target: '/%2e%2e/secret.txt', status: 403, reason: OUTSIDE },
  { target: '/%2E%2E/', status: 403, reason: OUTSIDE },
  { target: '/%2e%2e', status: 403, reason: OUTSIDE },
  { target: '/.%2e/secret.txt', status: 403, reason: OUTSIDE },
  { target: '/..%2fsecret.txt', status: 403, reason: OUTSIDE },
  { target: '/%2e%2e%2fsecret.txt', status: 403, reason: OUTSIDE },
  { target: '/%252e%252e/secret.txt', status: 404, reason: /no such file/ },
  { target: '/..\\secret.txt', status: 403, reason: BACKSLASH },
  { target: '/%5c..%5csecret.txt', status: 403, reason: BACKSLASH },
  { target: '/%5C..%5Csecret.txt', status: 403, reason: BACKSLASH },
  { target: '/sub/../../secret.txt', status: 403, reason: OUTSIDE },
  { target: '/sub/%2e%2e/%2e%2e/secret.txt', status: 403, reason: OUTSIDE },
  { target: '/./../secret.txt', status: 403, reason: OUTSIDE },
  { target: '//../secret.txt', status: 403, reason: OUTSIDE },
  { target: 'http://127.0.0.1/../secret.txt', status: 403, reason: OUTSIDE },
  { target: 'http://127.0.0.1/%2e%2e/secret.txt', status: 403, reason: OUTSIDE },
  { target: '/../www-secret/s.txt', status: 403, reason: OUTSIDE },
  { target: '/%2e%2e/www-secret/s.txt', status: 403, reason: OUTSIDE },
  { target: '/www-secret/s.txt', status: 404, reason: /no such file/ },
  { target: '/secret.txt', status: 404, reason: /no such file/ },
  { target: '/link-out.txt', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/dir-out/secret.txt', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/dir-out/', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/dir-out', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/list/link-out.txt', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/list/sibling/s.txt', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/dot-alias.txt', status: 404, reason: /symlink target: dotfile ".hidden"/, symlink: true },
  { target: '/idx/index.html', status: 403, reason: /symlink target outside root/, symlink: true },
  { target: '/..;/secret.txt', status: 404, reason: /dotfile "\.\.;" refused/ },
  { target: '/.../secret.txt', status: 404, reason: /dotfile "\.\.\." refused/ },
  { target: '/%ef%bc%8e%ef%bc%8e/secret.txt', status: 404, reason: /^dotfile "\uff0e\uff0e" refused/ },
  process.platform === 'win32'
    ? { target: '/C:/Windows/win.ini', status: 403, reason: /drive letter/ }
    : { target: '/C:/Windows/win.ini', status: 404, reason: /no such file/ },
  { target: '/C:%5cWindows%5cwin.ini', status: 403, reason: BACKSLASH },
  { target: '/%00', status: 400, reason: /NUL byte in path/ },
  { target: '/secret.txt%00.html', status: 400, reason: /NUL byte/ },
  { target: '/%c0%ae%c0%ae/secret.txt', status: 400, reason: /invalid percent-encoding/ },
  { target: '/%u002e%u002e/secret.txt', status: 400, reason: /invalid percent-encoding/ },
];

/** Served: links and names that stay inside the root, and a literal "%2e%2e" folder (decoded once, not twice). */
const SERVED: Array<{ target: string; body: string; symlink?: boolean }> = [
  { target: '/ok.txt', body: 'ok\n' },
  { target: '/sub/./page.txt', body: 'page\n' },
  { target: '/%252e%252e/literal.txt', body: 'literal\n' },
  { target: '/alias.txt', body: 'ok\n', symlink: true },
  { target: '/list/alias.txt', body: 'ok\n', symlink: true },
];

function assertNoSecret(bytes: Buffer, what: string): void {
  assert.equal(bytes.indexOf(SECRET), -1, `the secret leaked in the answer to ${what}`);
}

describe('security: path traversal and containment', () => {
  let fixture: ReturnType<typeof makeTraversalFixture>;
  let srv: TestServer;

  before(async () => {
    fixture = makeTraversalFixture();
    srv = await startServer({ root: fixture.root });
  });
  after(async () => {
    await srv.close();
    fixture.cleanup();
  });

  for (const version of ['1.0', '1.1'] as const) {
    describe(`HTTP/${version}`, () => {
      for (const row of REFUSED) {
        it(`${row.target} → ${row.status}`, async function () {
          if (row.symlink && !fixture.symlinks) {
            this.skip();
          }
          const before = srv.entries.length;
          const { bytes, closedByServer } = await rawExchange(srv.port, rawGet(row.target, version));
          assertNoSecret(bytes, row.target);
          const [response, ...extra] = parseResponses(bytes);
          assert.equal(extra.length, 0);
          assert.equal(response.status, row.status, `${row.target}: ${response.statusLine}`);
          assert.equal(response.headers['connection'], 'close');
          assert.ok(closedByServer);
          const entry = srv.entries[before];
          assert.equal(srv.entries.length, before + 1);
          assert.equal(entry.status, row.status);
          assert.match(entry.reason ?? '', row.reason ?? /./);
        });
      }
      for (const row of SERVED) {
        it(`${row.target} → 200 (inside the root)`, async function () {
          if (row.symlink && !fixture.symlinks) {
            this.skip();
          }
          const { bytes } = await rawExchange(srv.port, rawGet(row.target, version));
          const [response] = parseResponses(bytes);
          assert.equal(response.status, 200);
          assert.equal(response.body.toString(), row.body);
        });
      }
    });
  }

  it('a listing shows links that stay inside and hides links out, dotfiles and the secret', async function () {
    if (!fixture.symlinks) {
      this.skip();
    }
    const { bytes } = await rawExchange(srv.port, rawGet('/list/', '1.1'));
    assertNoSecret(bytes, '/list/');
    const [response] = parseResponses(bytes);
    assert.equal(response.status, 200);
    const html = response.body.toString();
    assert.match(html, /href="a\.txt"/);
    assert.match(html, /href="alias\.txt"/);
    for (const hidden of ['link-out', 'dir-out', 'sibling', 'secret', '.hidden']) {
      assert.ok(!html.includes(hidden), `listing shows ${hidden}`);
    }
  });

  it('a folder whose index.html links outside gets a listing without it, never the secret', async function () {
    if (!fixture.symlinks) {
      this.skip();
    }
    const { bytes } = await rawExchange(srv.port, rawGet('/idx/', '1.1'));
    assertNoSecret(bytes, '/idx/');
    const [response] = parseResponses(bytes);
    assert.equal(response.status, 200);
    assert.match(response.body.toString(), /Index of \/idx\//);
    assert.ok(!response.body.toString().includes('index.html'));
  });

  it('pipelined traversal attempts on one keep-alive connection never leak', async () => {
    const requests = REFUSED.filter((row) => row.status !== 400 && (fixture.symlinks || !row.symlink))
      .map((row) => `GET ${row.target} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    const { bytes } = await rawExchange(srv.port, [...requests, 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\n\r\n']);
    assertNoSecret(bytes, 'pipelined requests');
    const statuses = parseResponses(bytes).map((response) => response.status);
    assert.equal(statuses.length, requests.length + 1);
    assert.equal(statuses[statuses.length - 1], 200);
  });

  describe('over [::1]', () => {
    let v6: TestServer | undefined;
    before(async function () {
      try {
        v6 = await startServer({ root: fixture.root, host: '::1' });
      } catch {
        this.skip(); // no IPv6 loopback here
      }
    });
    after(async () => {
      await v6?.close();
    });

    for (const row of REFUSED.filter((candidate) => [OUTSIDE, BACKSLASH].includes(candidate.reason!) || candidate.symlink)) {
      it(`${row.target} → ${row.status}`, async function () {
        if (row.symlink && !fixture.symlinks) {
          this.skip();
        }
        const { bytes } = await rawExchange(v6!.port, rawGet(row.target, '1.1', `[::1]:${v6!.port}`), { host: '::1' });
        assertNoSecret(bytes, row.target);
        assert.equal(parseResponses(bytes)[0].status, row.status);
      });
    }

    it('/ok.txt → 200 with Host [::1]:port', async () => {
      const { bytes } = await rawExchange(v6!.port, rawGet('/ok.txt', '1.1', `[::1]:${v6!.port}`), { host: '::1' });
      const [response] = parseResponses(bytes);
      assert.equal(response.status, 200);
      assert.equal(response.body.toString(), 'ok\n');
    });
  });
});
