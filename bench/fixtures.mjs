// Builds the files every server serves (bench/.work/fixtures) and the path list of the page-load mix.
// Files already present with the expected size are reused, so repeated runs do not rewrite 100 MiB.
import { mkdirSync, statSync, writeFileSync, openSync, writeSync, closeSync, readdirSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { join } from 'node:path';

const KiB = 1024;
const MiB = 1024 * KiB;
export const BIG_BYTES = 100 * MiB;
export const MANY_COUNT = 1000;
/** Extensions rotated through many/ so content-type lookup is exercised as on a real page. */
const MANY_EXTS = ['css', 'js', 'svg', 'json', 'html', 'txt', 'png', 'woff2'];

function sizeOf(path) {
  try { return statSync(path).size; } catch { return -1; }
}

/**
 * Text of exactly `bytes` bytes: head, whole filler lines, spaces for the remainder, tail. Lines are never
 * cut, so each file stays valid of its kind. (ASCII only, so string length = byte length.)
 */
function padded(head, tail, bytes, fillLine) {
  let body = head;
  while (body.length + fillLine.length + tail.length <= bytes) {
    body += fillLine;
  }
  return body + ' '.repeat(Math.max(0, bytes - body.length - tail.length)) + tail;
}

function writeIfWrongSize(path, bytes, make) {
  if (sizeOf(path) === bytes) {
    return false;
  }
  writeFileSync(path, make(bytes));
  return true;
}

/** Deterministic 1–4 KiB size for many/ file i, so reuse can be checked without a manifest. */
function manySize(i) {
  return KiB + ((i * 2654435761) % (3 * KiB + 1));
}

/** Content valid for the file's type (a linter or browser pointed at the folder sees no broken files). */
function manyContent(i, size) {
  const [head, tail, fill] = {
    css: [`/* asset ${i} */\n`, '\n', `.a${i}{margin:0;padding:1px}\n`],
    js: [`// asset ${i}\n`, '\n', `// filler line of asset ${i}\n`],
    svg: ['<svg xmlns="http://www.w3.org/2000/svg">\n', '</svg>\n', `<!-- asset ${i} -->\n`],
    json: ['{"pad":"', '"}\n', 'xxxxxxxxxxxxxxxx'],
    html: [`<!doctype html><title>asset ${i}</title>\n`, '\n', `<p>asset ${i}</p>\n`],
  }[MANY_EXTS[i % MANY_EXTS.length]] ?? [`asset ${i}\n`, '\n', `filler line of asset ${i}\n`];
  return padded(head, tail, size, fill);
}

function manyName(i) {
  return `f${String(i).padStart(4, '0')}.${MANY_EXTS[i % MANY_EXTS.length]}`;
}

/** Writes the 100 MiB file in 1 MiB chunks of random bytes (incompressible, so no server can cheat). */
function writeBig(path) {
  const chunk = Buffer.allocUnsafe(MiB);
  const fd = openSync(path, 'w');
  try {
    for (let written = 0; written < BIG_BYTES; written += MiB) {
      randomFillSync(chunk);
      writeSync(fd, chunk);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Ensures all fixtures exist under `workDir/fixtures`; returns { root, mixPathsFile, big, built }.
 * `withBig` = false skips the 100 MiB file (quick mode).
 */
export function ensureFixtures(workDir, { withBig = true } = {}) {
  const root = join(workDir, 'fixtures');
  const manyDir = join(root, 'many');
  mkdirSync(manyDir, { recursive: true });
  const built = [];

  if (writeIfWrongSize(join(root, 'index.html'), KiB, (n) => padded(
    '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>bench</title>'
    + '<link rel="stylesheet" href="/style.css"><script src="/app.js" defer></script></head><body>\n',
    '\n</body></html>\n', n, '<p>Raw HTTP Server benchmark page.</p>\n'))) {
    built.push('index.html');
  }
  if (writeIfWrongSize(join(root, 'style.css'), 20 * KiB, (n) => padded(
    '/* bench stylesheet */\n', '\n', n, '.c{margin:0 auto;padding:4px 8px;color:#333;}\n'))) {
    built.push('style.css');
  }
  // JS fixtures are comments only: the project's `eslint .` may walk bench/.work, and comments always parse.
  if (writeIfWrongSize(join(root, 'app.js'), 200 * KiB, (n) => padded(
    '// bench script\n', '\n', n, '// function f(a, b) { return a + b * 2; }\n'))) {
    built.push('app.js');
  }

  // many/: rebuild only the files whose size is off; remove nothing (other names are simply never requested).
  const present = new Set(readdirSync(manyDir));
  let manyBuilt = 0;
  for (let i = 0; i < MANY_COUNT; i++) {
    const name = manyName(i);
    const path = join(manyDir, name);
    const size = manySize(i);
    if (present.has(name) && sizeOf(path) === size) {
      continue;
    }
    writeFileSync(path, manyContent(i, size));
    manyBuilt++;
  }
  if (manyBuilt > 0) {
    built.push(`many/ (${manyBuilt} files)`);
  }

  const big = join(root, 'big.bin');
  if (withBig && sizeOf(big) !== BIG_BYTES) {
    writeBig(big);
    built.push('big.bin');
  }

  // The mix is a page load repeated: the page, its css and js, then every small asset, round-robin.
  const paths = ['/index.html', '/style.css', '/app.js'];
  for (let i = 0; i < MANY_COUNT; i++) {
    paths.push(`/many/${manyName(i)}`);
  }
  const mixPathsFile = join(workDir, 'mix-paths.txt');
  writeFileSync(mixPathsFile, paths.join('\n') + '\n');

  return { root, mixPathsFile, mixPaths: paths, big: withBig ? big : undefined, built };
}
