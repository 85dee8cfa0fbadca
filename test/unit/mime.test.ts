// contentTypeFor: types from the mime database, "; charset=utf-8" on text, JavaScript (incl. .mjs), JSON and SVG,
// none on binary types, and application/octet-stream for unknown or missing extensions.

import * as assert from 'node:assert/strict';
import { contentTypeFor } from '../../src/core/files/mime';

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
