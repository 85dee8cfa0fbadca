// HostAllowlist.check as a pure decision: syntax (400 malformed) is apart from policy (403), and a well-formed name
// that is not DNS-style ("0.0.0.0=5000", "evil.com,.localhost") never passes the loopback, exact or "*.suffix" tests.

import * as assert from 'node:assert/strict';
import { HostAllowlist, type Verdict } from '../../src/core/routes/hostGuard';
import { DEFAULT_POLICY } from '../../src/core/options';

function allowlist(allowedHosts: string[] = [], bindHost = '127.0.0.1'): HostAllowlist {
  return new HostAllowlist(bindHost, { ...DEFAULT_POLICY, allowedHosts }, []);
}

function statusOf(verdict: Verdict): number {
  return verdict.allowed ? 200 : verdict.status;
}

describe('hostGuard: syntax versus policy', () => {
  const guard = allowlist(['*.example.test', 'exact.test', 'a,b', 'x;y']);
  const run = (host: string, status: number): void => {
    it(`${JSON.stringify(host)} → ${status === 200 ? 'allowed' : status}`, () => assert.equal(statusOf(guard.check(host)), status));
  };
  run('localhost', 200);
  run('127.0.0.1:8000', 200);
  run('[::1]', 200);
  run('www.example.test', 200);
  run('exact.test:99', 200);
  // llhttp's curl sample: a valid reg-name, but not a name we serve → the policy's 403, not "malformed".
  run('0.0.0.0=5000', 403);
  // Sub-delims must never reach the suffix tests, the loopback test or even an exact entry.
  run('evil.com,.localhost', 403);
  run('x;.localhost', 403);
  run('evil;.example.test', 403);
  run("a'.localhost", 403);
  run('%6Cocalhost', 403);
  run('a,b', 403);
  run('x;y', 403);
  run('[v1.x]', 403);
  run('evil.com', 403);
  // Not RFC 3986 syntax: malformed → 400.
  run('caf\u00e9.localhost', 400);
  run('a\u0085.localhost', 400);
  run('a b', 400);
  run('[zz]', 400);
  run(':80', 400);

  it('refusals carry the reasons the handler shows', () => {
    const refused = guard.check('0.0.0.0=5000');
    assert.ok(!refused.allowed && /is not allowed \(DNS-rebinding defence; add it to allowedHosts\)/.test(refused.reason));
    const malformed = guard.check('caf\u00e9');
    assert.ok(!malformed.allowed && /^malformed Host/.test(malformed.reason));
  });

  it('a network bind admits IP literals but still not a reg-name that merely contains one', () => {
    const network = allowlist([], '0.0.0.0');
    assert.equal(statusOf(network.check('192.168.1.5:8000')), 200);
    assert.equal(statusOf(network.check('[fe80::1]')), 200);
    assert.equal(statusOf(network.check('0.0.0.0=5000')), 403);
    assert.equal(statusOf(network.check('192.168.1.5,evil')), 403);
  });
});
