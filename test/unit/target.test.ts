// parseTarget: request-target forms (origin, absolute, "*", authority), query handling, UTF-8 percent-decoding with
// "+" literal, and every spelling of "..", "/" and "\" that could leave the root (RFC 9112 §3.2, RFC 3986).

import * as assert from 'node:assert/strict';
import { parseTarget, type ParsedTarget } from '../../src/core/http/target';

function expectPath(raw: string, expected: Partial<ParsedTarget>): void {
  const result = parseTarget(raw);
  assert.ok(result.ok, `expected ${raw} to parse, got ${JSON.stringify(result)}`);
  const actual = result.target;
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, actual[key as keyof ParsedTarget]]));
  assert.deepEqual(picked, expected);
}

function expectRefusal(raw: string, status: number): void {
  const result = parseTarget(raw);
  assert.ok(!result.ok, `expected ${raw} to be refused, got ${JSON.stringify(result)}`);
  assert.equal(result.status, status, result.reason);
  assert.ok(result.reason !== '' && !result.reason.includes('→'), `reason is a plain phrase: ${result.reason}`);
}

describe('target: accepted forms', () => {
  const run = (raw: string, expected: Partial<ParsedTarget>): void => {
    it(`${raw} → ${JSON.stringify(expected)}`, () => expectPath(raw, expected));
  };
  run('/', { path: '/', segments: [], query: '', authority: undefined });
  run('/index.html', { path: '/index.html', segments: ['index.html'], query: '', authority: undefined });
  run('/sub/', { path: '/sub/', segments: ['sub'] });
  run('/sub/.', { path: '/sub/', segments: ['sub'] });
  run('/a.txt?x=1&y=/../', { path: '/a.txt', segments: ['a.txt'], query: '?x=1&y=/../' });
  run('/?', { path: '/', query: '?' });
  run('/a%20b.txt', { path: '/a b.txt', segments: ['a b.txt'] });
  run('/%C3%A9.txt', { path: '/é.txt', segments: ['é.txt'] });
  run('/%c3%a9.txt', { path: '/é.txt' });
  run('/a+b.txt', { path: '/a+b.txt', segments: ['a+b.txt'] });
  run('/a%2Bb', { path: '/a+b' });
  run('//a//b/./c', { path: '/a/b/c', segments: ['a', 'b', 'c'] });
  run('/./a/', { path: '/a/', segments: ['a'] });
  run('/a%2Fb', { path: '/a/b', segments: ['a', 'b'] });
  run('/...', { path: '/...', segments: ['...'] });
  run('/..a/b..', { path: '/..a/b..', segments: ['..a', 'b..'] });
  run('http://127.0.0.1/x', { path: '/x', authority: '127.0.0.1', query: '' });
  run('http://localhost:8000', { path: '/', authority: 'localhost:8000' });
  run('HTTPS://Example.test/a?b', { path: '/a', authority: 'Example.test', query: '?b' });
  run('http://[::1]:80/s/?q', { path: '/s/', authority: '[::1]:80', query: '?q' });
  // RFC 9112 §3.2.2: the path may be empty with a query right after the authority; it means "/".
  run('http://host?x=1', { path: '/', segments: [], authority: 'host', query: '?x=1', fragmentIgnored: false });
  run('http://127.0.0.1:8080?', { path: '/', authority: '127.0.0.1:8080', query: '?' });
  run('https://h?a=/../b', { path: '/', authority: 'h', query: '?a=/../b' });
  // RFC 3986 §3.5: a fragment is dropped, for lookup and query alike, and flagged for the log.
  run('/a.html#top', { path: '/a.html', segments: ['a.html'], query: '', fragmentIgnored: true });
  run('/a.html', { fragmentIgnored: false });
  run('/a?x=1#frag?y=2', { path: '/a', query: '?x=1', fragmentIgnored: true });
  run('/#', { path: '/', query: '', fragmentIgnored: true });
  run('/a#/../../etc', { path: '/a', fragmentIgnored: true });
  run('/a%23b', { path: '/a#b', fragmentIgnored: false });
  run('http://host/a#b', { path: '/a', authority: 'host', fragmentIgnored: true });
  run('http://host#b', { path: '/', authority: 'host', query: '', fragmentIgnored: true });
  run('http://host?q#b', { path: '/', authority: 'host', query: '?q', fragmentIgnored: true });
});

describe('target: Windows-reserved characters are left to the path policy', () => {
  const withPlatform = (platform: NodeJS.Platform, body: () => void): void => {
    const original = Object.getOwnPropertyDescriptor(process, 'platform')!;
    Object.defineProperty(process, 'platform', { ...original, value: platform });
    try {
      body();
    } finally {
      Object.defineProperty(process, 'platform', original);
    }
  };
  for (const platform of ['win32', 'linux'] as const) {
    it(`parses ":*?"<>|" in a segment the same on ${platform} (files/pathPolicy.ts decides)`, () => {
      withPlatform(platform, () => {
        expectPath('/c:/x', { path: '/c:/x', segments: ['c:', 'x'] });
        expectPath('/file.txt::$DATA', { segments: ['file.txt::$DATA'] });
        expectPath('/a%2A%22%3C%3E%7C', { segments: ['a*"<>|'] });
        expectPath('/a%3Fb', { segments: ['a?b'] });
      });
    });
    it(`still refuses a backslash on ${platform}`, () => withPlatform(platform, () => expectRefusal('/c:%5Cx', 403)));
  }
});

describe('target: refused forms', () => {
  const run = (raw: string, status: number): void => {
    it(`${raw} → ${status}`, () => expectRefusal(raw, status));
  };
  // Not origin-form or absolute-form.
  run('*', 400);
  run('example.com:443', 400);
  run('a/b', 400);
  run('ftp://host/x', 400);
  run('http:///x', 400);
  run('http://user@host/x', 400);
  run('http://?x', 400);
  run('http://#x', 400);
  // Bad percent-encoding and NUL.
  run('/%zz', 400);
  run('/%', 400);
  run('/%4', 400);
  run('/%E0%A4%A', 400);
  run('/%C3', 400);
  run('/%FF', 400);
  run('/a%00.txt', 400);
  // Every spelling of "..", and backslashes.
  run('/..', 403);
  run('/../etc/passwd', 403);
  run('/a/../b', 403);
  run('/a/..', 403);
  run('/%2e%2e', 403);
  run('/%2E%2E/', 403);
  run('/.%2e/x', 403);
  run('/..%2f', 403);
  run('/..%2Fetc', 403);
  run('/%2f..%2f', 403);
  run('/a%2F..%2F..%2Fb', 403);
  run('http://127.0.0.1/../x', 403);
  run('/a\\b', 403);
  run('/..\\x', 403);
  run('/a%5cb', 403);
  run('/%5C..%5Cx', 403);
});

describe('parseTarget: repeated targets', () => {
  it('a repeated short target gets the same (read-only) result; a long one is parsed anew', () => {
    assert.equal(parseTarget('/memo/index.html?v=1'), parseTarget('/memo/index.html?v=1'));
    const long = `/${'a'.repeat(300)}`;
    assert.notEqual(parseTarget(long), parseTarget(long));
    assert.deepEqual(parseTarget(long), parseTarget(long));
  });

  it('stays bounded and correct past its capacity', () => {
    for (let i = 0; i < 3000; i++) {
      const result = parseTarget(`/many/${i}.txt`);
      assert.ok(result.ok && result.target.path === `/many/${i}.txt`);
    }
    assert.equal(parseTarget('/..').ok, false, 'a refusal is remembered as a refusal');
    assert.equal(parseTarget('/..').ok, false);
  });
});
