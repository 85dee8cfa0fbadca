// contentTypeFor: types from the mime database, "; charset=utf-8" on text, JavaScript (incl. .mjs), JSON and SVG,
// none on binary types, and application/octet-stream for unknown or missing extensions. The bundle replaces the
// mime-types package by the table the package computes (esbuild.mjs): the built CLI must answer every extension
// the package knows exactly as the package does, and names of Object's own members like any unknown extension.

import * as assert from 'node:assert/strict';
import { types } from 'mime-types';
import { contentTypeFor } from '../../src/core/files/mime';
import { exitWithin, killAll, requireBuiltCli, runCli, type Cli } from '../helpers/cliProcess';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';
import { parseResponses, rawExchange, request } from '../helpers/wire';

describe('mime: contentTypeFor', () => {
  const run = (fileName: string, expected: string): void => {
    it(`${JSON.stringify(fileName)} → ${expected}`, () => assert.equal(contentTypeFor(fileName), expected));
  };
  run('index.html', 'text/html; charset=utf-8');
  run('INDEX.HTM', 'text/html; charset=utf-8');
  run('/srv/www/style.css', 'text/css; charset=utf-8');
  run('app.js', 'text/javascript; charset=utf-8');
  run('module.mjs', 'text/javascript; charset=utf-8');
  run('legacy.cjs', 'text/javascript; charset=utf-8');
  run('data.json', 'application/json; charset=utf-8');
  run('logo.svg', 'image/svg+xml; charset=utf-8');
  run('notes.txt', 'text/plain; charset=utf-8');
  run('main.ts', 'text/plain; charset=utf-8');
  run('feed.xml', 'application/xml; charset=utf-8');
  run('image.png', 'image/png');
  run('photo.JPG', 'image/jpeg');
  run('archive.zip', 'application/zip');
  run('font.woff2', 'font/woff2');
  run('module.wasm', 'application/wasm');
  run('file.unknownext', 'application/octet-stream');
  run('Makefile', 'application/octet-stream');
  run('.bashrc', 'application/octet-stream');
  run('trailing.', 'application/octet-stream');

  it('gives the same answer the second time (memoised per extension)', () => {
    assert.equal(contentTypeFor('a.mjs'), contentTypeFor('b.MJS'));
    assert.equal(contentTypeFor('x.png'), 'image/png');
  });
});

describe('mime: the bundled table (dist/cli.js) against the mime-types package', function () {
  const running: Cli[] = [];
  before(function () {
    requireBuiltCli(this);
  });
  after(() => killAll(running));

  it('serves every extension the package knows, and Object member names, with the type contentTypeFor gives', async function () {
    this.timeout(30_000);
    const names = [...Object.keys(types).map((extension) => `f.${extension}`),
      'f.constructor', 'f.__proto__', 'f.toString', 'f.hasOwnProperty', 'f.valueOf', 'noextension'];
    const tree = makeTree(Object.fromEntries(names.map((name) => [name, 'x'])));
    try {
      const cli = runCli([tree.dir, '--port', '0', '--quiet', '--deny', '']); // .pem and .key are denied by default
      running.push(cli);
      await waitFor(() => /:(\d+)\/\n/.test(cli.stdout()), 10_000, 'the start line');
      const port = Number(/:(\d+)\/\n/.exec(cli.stdout())![1]);
      const mismatches: string[] = [];
      for (let at = 0; at < names.length; at += 100) {
        const batch = names.slice(at, at + 100);
        const { bytes } = await rawExchange(port, batch.map((name) => request(`/${encodeURIComponent(name)}`, [], 'HEAD')).join(''),
          { settleWhen: (received) => received.toString('latin1').split('HTTP/1.1 ').length - 1 === batch.length, timeoutMs: 10_000 });
        const responses = parseResponses(bytes, batch.map(() => true));
        assert.equal(responses.length, batch.length);
        batch.forEach((name, i) => {
          const served = responses[i].headers['content-type'];
          if (responses[i].status !== 200 || served !== contentTypeFor(name)) {
            mismatches.push(`${name}: ${responses[i].status} ${served} (package: ${contentTypeFor(name)})`);
          }
        });
      }
      assert.deepEqual(mismatches, []);
      assert.ok(names.length > 1000, `only ${names.length} extensions`);
      cli.child.kill('SIGTERM');
      await exitWithin(cli, 5000);
    } finally {
      tree.cleanup();
    }
  });
});
