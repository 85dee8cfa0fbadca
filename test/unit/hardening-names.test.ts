// Real sockets: files whose names only look different from a secret's (ſ for s, the Kelvin sign for K, a
// fullwidth dot, trailing dots and spaces Windows drops) exist on disk here, as a case-folding mount would show
// them, and are answered 404 and never listed; a deny glob no longer lets one long name block the server.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, request, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const SECRET = 'LOOK-ALIKE-SECRET';
const TREE = {
  'id_r\u017fa': SECRET, 'a.\u212aey': SECRET, '\uff0eenv': SECRET, 'secret.pem.': SECRET, 'secret.pem ': SECRET,
  'sub/\uff0egit/config': SECRET, 'ok.txt': 'ok\n',
};

async function get(srv: TestServer, target: string, timeoutMs = 5000): Promise<{ status: number; body: string; reason?: string; ms: number }> {
  const before = srv.entries.length;
  const start = performance.now();
  const { bytes } = await rawExchange(srv.port, `${request(target).slice(0, -2)}Connection: close\r\n\r\n`, { timeoutMs });
  const ms = performance.now() - start;
  const [response] = parseResponses(bytes);
  assert.ok(response, `no response to ${target.slice(0, 40)} within ${timeoutMs} ms`);
  return { status: response.status, body: response.body.toString(), reason: srv.entries[before]?.reason, ms };
}

describe('hardening: look-alike names and deny-glob ReDoS (real sockets)', () => {
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree(TREE, 'raw-http-names-');
  });
  after(() => tree.cleanup());

  describe('default policy', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir });
    });
    after(() => srv.close());

    const cases: Array<[string, RegExp]> = [
      ['/id_r%C5%BFa', /^"id_r\u017fa" matches deny pattern "id_rsa\*"$/],
      ['/a.%E2%84%AAey', /^"a\.\u212aey" matches deny pattern "\*\.key"$/],
      ['/%EF%BC%8Eenv', /^dotfile "\uff0eenv" refused \(serveDotfiles is off\)$/],
      ['/sub/%EF%BC%8Egit/config', /^dotfile "\uff0egit" refused/],
      ['/secret.pem.', /^"secret\.pem\." matches deny pattern "\*\.pem"$/],
      ['/secret.pem%20', /^"secret\.pem " matches deny pattern "\*\.pem"$/],
    ];
    for (const [target, reason] of cases) {
      it(`${target} → 404 with the policy's reason`, async () => {
        const result = await get(srv, target);
        assert.equal(result.status, 404);
        assert.ok(!result.body.includes(SECRET), `${target} leaked`);
        assert.match(result.reason ?? '', reason);
      });
    }

    it('the listing shows none of the look-alikes', async () => {
      const result = await get(srv, '/');
      assert.equal(result.status, 200);
      assert.ok(result.body.includes('ok.txt'));
      for (const hidden of ['id_r\u017fa', 'a.\u212aey', '\uff0eenv', 'secret.pem']) {
        assert.ok(!result.body.includes(hidden), `listing shows ${hidden}`);
      }
      const sub = await get(srv, '/sub/');
      assert.ok(!sub.body.includes('\uff0egit'), 'sub listing shows the fullwidth .git');
    });
  });

  describe('deny: ["*-*-*.bak"]', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, policy: { deny: ['*-*-*.bak'] } });
    });
    after(() => srv.close());

    it('GET / + 8,000 dashes is answered promptly and the server stays responsive', async () => {
      const long = await get(srv, `/${'-'.repeat(8000)}`, 3000);
      assert.equal(long.status, 404); // not denied (no ".bak"); too long a name for the file system
      assert.ok(long.ms < 1000, `took ${long.ms.toFixed(0)} ms`);
      const denied = await get(srv, `/${'-'.repeat(8000)}.bak`, 3000);
      assert.equal(denied.status, 404);
      assert.match(denied.reason ?? '', /matches deny pattern "\*-\*-\*\.bak"$/);
      const ok = await get(srv, '/ok.txt', 3000);
      assert.equal(ok.status, 200);
      assert.equal(ok.body, 'ok\n');
    });
  });
});
