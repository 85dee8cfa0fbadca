// Dotfiles and deny globs: any segment starting with "." (except a root /.well-known/) and names matching
// .env*, *.pem, *.key, id_rsa* (case-insensitive) are answered 404 in every spelling, never listed, and each refusal
// is logged with its reason; serveDotfiles: true lifts only the dotfile rule, deny: [] only the globs.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const SECRET_BODY = 'DENIED-CONTENT';
const TREE = {
  '.env': SECRET_BODY, '.ENV.local': SECRET_BODY, '.git/config': SECRET_BODY, 'sub/.hidden': SECRET_BODY,
  '.hidden': SECRET_BODY, 'server.pem': SECRET_BODY, 'keys/private.KEY': SECRET_BODY, 'keys/public.txt': 'public\n',
  'id_rsa': SECRET_BODY, 'id_rsa.pub': SECRET_BODY, 'sub/ok.txt': 'ok\n', '.well-known/security.txt': 'contact\n',
  'sub/.well-known/x.txt': SECRET_BODY, 'readme.txt': 'readme\n',
};

async function get(srv: TestServer, target: string): Promise<{ status: number; body: string; reason?: string }> {
  const before = srv.entries.length;
  const { bytes } = await rawExchange(srv.port, `GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`);
  const [response] = parseResponses(bytes);
  return { status: response.status, body: response.body.toString(), reason: srv.entries[before]?.reason };
}

async function assertHidden(srv: TestServer, target: string, reason: RegExp): Promise<void> {
  const result = await get(srv, target);
  assert.equal(result.status, 404, target);
  assert.ok(!result.body.includes(SECRET_BODY), `${target} leaked`);
  assert.match(result.reason ?? '', reason, target);
}

async function listing(srv: TestServer, target: string): Promise<string> {
  const result = await get(srv, target);
  assert.equal(result.status, 200, target);
  return result.body;
}

const DOTFILE = /^dotfile ".*" refused \(serveDotfiles is off\)$/;

describe('security: dotfiles and deny globs', () => {
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree(TREE, 'raw-http-dotfiles-');
  });
  after(() => tree.cleanup());

  describe('defaults', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir });
    });
    after(() => srv.close());

    const cases: Array<[string, RegExp]> = [
      ['/.env', DOTFILE], ['/.ENV.local', DOTFILE], ['/.git/config', DOTFILE], ['/.git/', DOTFILE], ['/.git', DOTFILE],
      ['/sub/.hidden', DOTFILE], ['/.hidden', DOTFILE], ['/%2eenv', DOTFILE], ['/%2Egit/config', DOTFILE],
      ['/sub/.well-known/x.txt', DOTFILE], ['/.env?x=1', DOTFILE],
      ['/server.pem', /"server\.pem" matches deny pattern "\*\.pem"$/],
      ['/SERVER.PEM', /matches deny pattern "\*\.pem"/],
      ['/keys/private.KEY', /"private\.KEY" matches deny pattern "\*\.key"/],
      ['/id_rsa', /matches deny pattern "id_rsa\*"/], ['/id_rsa.pub', /matches deny pattern "id_rsa\*"/],
      ['/ID_RSA', /matches deny pattern "id_rsa\*"/], ['/serv%65r.pem', /deny pattern/],
    ];
    for (const [target, reason] of cases) {
      it(`${target} → 404`, () => assertHidden(srv, target, reason));
    }

    it('/.well-known/security.txt is served', async () => {
      const result = await get(srv, '/.well-known/security.txt');
      assert.equal(result.status, 200);
      assert.equal(result.body, 'contact\n');
    });

    it('listings never show dotfiles or denied names', async () => {
      const root = await listing(srv, '/');
      for (const shown of ['readme.txt', 'keys/', 'sub/']) {
        assert.ok(root.includes(`>${shown}<`), `root listing lacks ${shown}`);
      }
      for (const hidden of ['.env', '.ENV', '.git', '.hidden', 'server.pem', 'id_rsa']) {
        assert.ok(!root.includes(hidden), `root listing shows ${hidden}`);
      }
      const keys = await listing(srv, '/keys/');
      assert.ok(keys.includes('public.txt') && !keys.includes('private'));
      const sub = await listing(srv, '/sub/');
      assert.ok(sub.includes('ok.txt') && !sub.includes('.hidden') && !sub.includes('.well-known'));
    });
  });

  describe('serveDotfiles: true', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, policy: { serveDotfiles: true } });
    });
    after(() => srv.close());

    for (const target of ['/.hidden', '/sub/.hidden', '/.git/config', '/sub/.well-known/x.txt']) {
      it(`${target} is served`, async () => {
        const result = await get(srv, target);
        assert.equal(result.status, 200);
        assert.equal(result.body, SECRET_BODY);
      });
    }
    for (const [target, glob] of [['/.env', '.env*'], ['/.ENV.local', '.env*'], ['/server.pem', '*.pem'], ['/id_rsa', 'id_rsa*']]) {
      it(`${target} is still denied by "${glob}"`, () => assertHidden(srv, target, new RegExp(`deny pattern "${glob.replace(/[.*]/g, '\\$&')}"`)));
    }
    it('the listing shows dotfiles but not denied names', async () => {
      const root = await listing(srv, '/');
      assert.ok(root.includes('.hidden') && root.includes('.git/'));
      assert.ok(!root.includes('.env') && !root.includes('.ENV') && !root.includes('server.pem'));
    });
  });

  describe('deny: []', () => {
    let srv: TestServer;
    before(async () => {
      srv = await startServer({ root: tree.dir, policy: { deny: [] } });
    });
    after(() => srv.close());

    for (const target of ['/server.pem', '/id_rsa', '/keys/private.KEY']) {
      it(`${target} is served`, async () => {
        const result = await get(srv, target);
        assert.equal(result.status, 200);
        assert.equal(result.body, SECRET_BODY);
      });
    }
    it('dotfiles stay refused', () => assertHidden(srv, '/.env', DOTFILE));
  });
});
