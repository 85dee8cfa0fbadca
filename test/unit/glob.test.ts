// The linear glob matcher of the deny list: "*" and "?" with the old regex semantics, every other character
// literal, and a bounded running time on the names that made the old backtracking regexes hang (ReDoS).

import * as assert from 'node:assert/strict';
import { compileGlob, matchGlob } from '../../src/core/files/glob';

/** The matcher this one replaced (a backtracking regex), kept here only as the reference for short inputs. */
function oldRegexMatch(glob: string, text: string): boolean {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`).test(text);
}

function timed<T>(run: () => T): { result: T; ms: number } {
  const start = performance.now();
  const result = run();
  return { result, ms: performance.now() - start };
}

describe('glob: matchGlob', () => {
  const cases: Array<[string, string, boolean]> = [
    ['*.pem', 'server.pem', true], ['*.pem', 'server.pem.bak', false], ['*.pem', '.pem', true], ['*.pem', 'pem', false],
    ['.env*', '.env', true], ['.env*', '.env.local', true], ['.env*', 'xenv', false], ['.env*', 'a.env', false],
    ['id_rsa*', 'id_rsa', true], ['id_rsa*', 'id_rsa.pub', true], ['id_rsa*', 'xid_rsa', false],
    ['?', 'a', true], ['?', '', false], ['?', 'ab', false], ['a?c', 'abc', true], ['a?c', 'ac', false],
    ['*', '', true], ['*', 'anything', true], ['', '', true], ['', 'a', false], ['**', 'x', true],
    ['a*b*c', 'abc', true], ['a*b*c', 'aXXbYYc', true], ['a*b*c', 'aXXcYYb', false], ['*a', 'banana', true],
    ['*-*-*.bak', 'a-b-c.bak', true], ['*-*-*.bak', '--.bak', true], ['*-*-*.bak', 'a-b.bak', false],
    ['[a].txt', '[a].txt', true], ['[a].txt', 'a.txt', false], ['a+b$', 'a+b$', true], ['(x|y)', 'x', false],
    ['a\\*', 'a\\bc', true], ['file.?', 'file.\u{1F600}', true], ['caf?', 'café', true],
  ];
  for (const [glob, text, expected] of cases) {
    it(`"${glob}" ${expected ? 'matches' : 'does not match'} "${text}"`, () => {
      assert.equal(matchGlob(glob, text), expected);
      assert.equal(matchGlob(compileGlob(glob), text), expected);
    });
  }

  it('agrees with the old regex matcher on 5,000 random short globs and names', () => {
    let seed = 12345;
    const random = (limit: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % limit;
    };
    const pick = (alphabet: string, maxLength: number): string =>
      Array.from({ length: random(maxLength + 1) }, () => alphabet[random(alphabet.length)]).join('');
    for (let round = 0; round < 5000; round++) {
      const glob = pick('ab*?.', 6);
      const text = pick('ab.', 8);
      assert.equal(matchGlob(glob, text), oldRegexMatch(glob, text), `"${glob}" against "${text}"`);
    }
  });

  describe('running time (ReDoS: the old regex took 10 s for 4,000 dashes, 81 s for 8,000)', () => {
    const dashes = '-'.repeat(8000);
    it('"*-*-*.bak" against 8,000 dashes: no match, in well under 50 ms', () => {
      const { result, ms } = timed(() => matchGlob(compileGlob('*-*-*.bak'), dashes));
      assert.equal(result, false);
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    });
    it('"*-*-*.bak" against 8,000 dashes and ".bak": a match, in well under 50 ms', () => {
      const { result, ms } = timed(() => matchGlob(compileGlob('*-*-*.bak'), `${dashes}.bak`));
      assert.equal(result, true);
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    });
    it('many stars against 8,000 characters that almost match stay bounded', () => {
      const { result, ms } = timed(() => matchGlob(compileGlob('*a*a*a*a*a*a*b'), 'a'.repeat(8000)));
      assert.equal(result, false);
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    });
  });
});
