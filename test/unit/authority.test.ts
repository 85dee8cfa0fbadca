// splitHost (RFC 3986 §3.2.2 host syntax with an optional port, as a Host value, RFC 9110 §7.2): which values are
// well-formed, what kind of name they are (only DNS-style names and IP literals can ever be allowed), and which
// stay malformed (spaces, bytes ≥ 0x80, controls, broken IP literals). Plus isLoopbackHost.

import * as assert from 'node:assert/strict';
import { isLoopbackHost, splitHost, type HostParts } from '../../src/core/http/authority';

describe('authority: splitHost accepts RFC 3986 hosts', () => {
  const run = (value: string, expected: HostParts): void => {
    it(`${JSON.stringify(value)} → ${expected.kind} ${expected.hostname} port "${expected.port}"`, () => {
      assert.deepEqual(splitHost(value), expected);
    });
  };
  run('localhost', { hostname: 'localhost', port: '', kind: 'dns' });
  run('LocalHost:8000', { hostname: 'localhost', port: '8000', kind: 'dns' });
  run('my_host-1.example.', { hostname: 'my_host-1.example.', port: '', kind: 'dns' });
  run('evil.com:', { hostname: 'evil.com', port: '', kind: 'dns' });
  run('0x7f000001', { hostname: '0x7f000001', port: '', kind: 'dns' });
  run('127.0.0.1:9', { hostname: '127.0.0.1', port: '9', kind: 'ipv4' });
  run('[::1]', { hostname: '[::1]', port: '', kind: 'ipv6' });
  run('[::FFFF:127.0.0.1]:80', { hostname: '[::ffff:127.0.0.1]', port: '80', kind: 'ipv6' });
  // Well-formed reg-names that are not DNS-style: syntax is fine, policy will refuse them (403, not 400).
  run('0.0.0.0=5000', { hostname: '0.0.0.0=5000', port: '', kind: 'other' });
  run('evil.com,.localhost', { hostname: 'evil.com,.localhost', port: '', kind: 'other' });
  run('x;.localhost:80', { hostname: 'x;.localhost', port: '80', kind: 'other' });
  run("a!$&'()*+~b", { hostname: "a!$&'()*+~b", port: '', kind: 'other' });
  run('%6Cocalhost', { hostname: '%6cocalhost', port: '', kind: 'other' });
  run('[v1.fe:x]', { hostname: '[v1.fe:x]', port: '', kind: 'other' });
});

describe('authority: splitHost refuses malformed hosts', () => {
  for (const value of ['', ':80', 'a b', 'a\tb', 'ex ample.com:80', 'host:port:x', 'host:80:', 'host:8a', '[zz]', '[::1',
    '::1', '[::1]x', '[1:2:3]', '[v1]', 'a@b', 'a/b', 'a?b', 'a#b', 'a"b', 'a[b]', '%zz', '%4', 'caf\u00e9.test',
    '\u00e9', 'a\x01b', 'a\x7fb', 'a\\b', 'a{b}', 'a|b', 'a^b', 'a`b', 'a<b>']) {
    it(`malformed: ${JSON.stringify(value)}`, () => assert.equal(splitHost(value), undefined));
  }
});

describe('authority: isLoopbackHost', () => {
  for (const host of ['localhost', 'a.localhost', '127.0.0.1', '127.9.9.9', '[::1]', '::1', '[::ffff:127.0.0.1]']) {
    it(`loopback: ${host}`, () => assert.equal(isLoopbackHost(host), true));
  }
  for (const host of ['localhost.evil', '10.0.0.1', '[::2]', 'evillocalhost', '0.0.0.0']) {
    it(`not loopback: ${host}`, () => assert.equal(isLoopbackHost(host), false));
  }
});
