// PathPolicy without sockets: look-alike names a case-folding mount would open (ſ, Kelvin sign, fullwidth dot),
// trailing dots and spaces Windows drops, Windows device names and reserved characters (platform 'win32', tested
// on any OS), the real-path split with path.win32, and deny globs that no longer backtrack.

import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { DEFAULT_POLICY, type SecurityPolicy } from '../../src/core/options';
import { PathPolicy, type Verdict } from '../../src/core/files/pathPolicy';
import { foldName, isWindowsReservedName, stripTrailingDotsAndSpaces, windowsReservedCharacter } from '../../src/core/files/nameFolding';

const posix = new PathPolicy(DEFAULT_POLICY, { platform: 'posix' });
const win32 = new PathPolicy(DEFAULT_POLICY, { platform: 'win32' });

function policyWith(overrides: Partial<SecurityPolicy>, platform: 'posix' | 'win32' = 'posix'): PathPolicy {
  return new PathPolicy({ ...DEFAULT_POLICY, ...overrides }, { platform });
}

function refusal(verdict: Verdict): { status: number; reason: string } {
  assert.equal(verdict.allowed, false, 'expected a refusal');
  return verdict.allowed ? { status: 0, reason: '' } : verdict;
}

describe('pathPolicy: foldName and friends', () => {
  it('folds compatibility forms and case: ſ, Kelvin sign, fullwidth letters and dot, ß', () => {
    assert.equal(foldName('id_r\u017fa'), 'id_rsa');
    assert.equal(foldName('a.\u212aey'), 'a.key');
    assert.equal(foldName('\uff0eenv'), '.env');
    assert.equal(foldName('\uff33\uff25\uff32\uff36\uff25\uff32\uff0e\uff30\uff25\uff2d'), 'server.pem');
    assert.equal(foldName('Stra\u00dfe'), 'strasse');
    assert.equal(foldName('\u0131d_rsa'), 'id_rsa');
  });
  it('strips trailing dots and spaces only', () => {
    assert.equal(stripTrailingDotsAndSpaces('secret.pem. . '), 'secret.pem');
    assert.equal(stripTrailingDotsAndSpaces(' a.b'), ' a.b');
    assert.equal(stripTrailingDotsAndSpaces('...'), '');
  });
  it('recognises Windows device names and reserved characters', () => {
    assert.ok(isWindowsReservedName('nul .txt') && isWindowsReservedName('COM\u00b2') && !isWindowsReservedName('COM10'));
    assert.equal(windowsReservedCharacter('file.txt::$DATA'), ':');
    assert.equal(windowsReservedCharacter('plain name.txt'), undefined);
  });
});

describe('pathPolicy: look-alike names (case-folding file systems)', () => {
  const denied: Array<[string, string]> = [
    ['id_r\u017fa', 'id_rsa*'], ['a.\u212aey', '*.key'], ['server.\uff30\uff25\uff2d', '*.pem'],
    ['\uff33\uff25\uff32\uff36\uff25\uff32\uff0e\uff30\uff25\uff2d', '*.pem'], ['\u0131d_rsa.pub', 'id_rsa*'],
    ['SERVER.PEM', '*.pem'], ['private.KEY', '*.key'],
  ];
  for (const [name, glob] of denied) {
    it(`"${name}" is denied by "${glob}", the reason quoting the name as requested`, () => {
      const verdict = refusal(posix.check(['sub', name]));
      assert.equal(verdict.status, 404);
      assert.equal(verdict.reason, `"${name}" matches deny pattern "${glob}"`);
      assert.equal(posix.isListable(name, false), false);
    });
  }

  for (const name of ['\uff0eenv', '\uff0egit', '\u2024hidden', '\ufe52env']) {
    it(`"${name}" folds to a dotfile and is refused`, () => {
      const verdict = refusal(posix.check([name]));
      assert.equal(verdict.status, 404);
      assert.equal(verdict.reason, `dotfile "${name}" refused (serveDotfiles is off)`);
      assert.equal(posix.isListable(name, true), false);
    });
  }

  it('with serveDotfiles on, a fullwidth ".env" is still denied by ".env*"', () => {
    const verdict = refusal(policyWith({ serveDotfiles: true }).check(['\uff0eenv.local']));
    assert.equal(verdict.reason, '"\uff0eenv.local" matches deny pattern ".env*"');
  });

  it('folds the deny globs the same way (a Kelvin sign in the glob matches a plain "k")', () => {
    const policy = policyWith({ deny: ['*.\u212aEY', 'ID_R\u017fA'] });
    assert.equal(refusal(policy.check(['a.key'])).reason, '"a.key" matches deny pattern "*.\u212aEY"');
    assert.equal(refusal(policy.check(['id_rsa'])).reason, '"id_rsa" matches deny pattern "ID_R\u017fA"');
  });

  it('keeps ordinary names and the root /.well-known/ served', () => {
    for (const segments of [['readme.txt'], ['keys', 'public.txt'], ['.well-known', 'security.txt'], ['k\u00e9y.txt']]) {
      assert.deepEqual(posix.check(segments), { allowed: true }, segments.join('/'));
    }
    assert.equal(posix.check(['sub', '.well-known']).allowed, false);
  });
});

describe('pathPolicy: trailing dots and spaces (every platform)', () => {
  for (const platform of ['posix', 'win32'] as const) {
    const policy = new PathPolicy(DEFAULT_POLICY, { platform });
    for (const [name, glob] of [['secret.pem.', '*.pem'], ['secret.pem ', '*.pem'], ['secret.pem. . ', '*.pem'],
      ['id_rsa ', 'id_rsa*'], ['a.\u212aey...', '*.key']]) {
      it(`${platform}: "${name}" is denied by "${glob}"`, () => {
        const verdict = refusal(policy.check([name]));
        assert.equal(verdict.status, 404);
        assert.equal(verdict.reason, `"${name}" matches deny pattern "${glob}"`);
      });
    }
  }
  it('a glob that names the trailing dot itself still matches the unstripped name', () => {
    assert.equal(policyWith({ deny: ['*.'] }).check(['draft.']).allowed, false);
  });
});

describe('pathPolicy: Windows names (platform win32)', () => {
  const devices = ['CON', 'con', 'Prn', 'AUX', 'nul', 'COM1', 'com9', 'LPT1', 'lpt9', 'CONIN$', 'conout$', 'nul.txt',
    'con.tar.gz', 'CON.', 'aux ', 'NUL. .', 'nul .txt', 'COM\u00b9', 'com\u00b2.log', 'LPT\u00b3', 'lpt\u00b9.txt'];
  for (const name of devices) {
    it(`"${name}" is refused as a device name (403)`, () => {
      const verdict = refusal(win32.check(['sub', name]));
      assert.equal(verdict.status, 403);
      assert.equal(verdict.reason, `Windows device name "${name}" refused`);
      assert.equal(win32.isListable(name, false), false);
    });
  }
  for (const name of ['CONSOLE', 'COM10', 'COM', 'LPT', 'con-fig.txt', 'xnul', 'NUL_', 'auxiliary.txt', 'a.con']) {
    it(`"${name}" is an ordinary name`, () => assert.deepEqual(win32.check([name]), { allowed: true }));
  }
  it('device names are ordinary names on posix', () => {
    for (const name of ['CON', 'nul.txt', 'COM\u00b9', 'a:b', 'what?']) {
      assert.deepEqual(posix.check([name]), { allowed: true }, name);
    }
  });

  const characters: Array<[string, string]> = [['C:', ':'], ['file.txt::$DATA', ':'], ['secret.pem:stream', ':'], ['a*b', '*'],
    ['a?b', '?'], ['a"b', '"'], ['a<b', '<'], ['a>b', '>'], ['a|b', '|'], ['tab\there', 'U+0009'], ['x\u001f', 'U+001F']];
  for (const [name, shown] of characters) {
    it(`${JSON.stringify(name)} is refused for its reserved character (403)`, () => {
      const verdict = refusal(win32.check([name]));
      assert.equal(verdict.status, 403);
      assert.equal(verdict.reason, `reserved character ${shown} in "${name}" refused (Windows drive, stream or wildcard syntax)`);
    });
  }

  it('splits a real path from path.win32.relative on backslashes', () => {
    const root = 'C:\\srv\\www';
    assert.equal(refusal(win32.checkRelativePath(path.win32.relative(root, 'C:\\srv\\www\\keys\\Secret.PEM'))).status, 404);
    assert.match(refusal(win32.checkRelativePath(path.win32.relative(root, 'C:\\srv\\www\\.git\\config'))).reason, /^dotfile "\.git"/);
    assert.deepEqual(win32.checkRelativePath(path.win32.relative(root, 'C:\\srv\\www\\.well-known\\a.txt')), { allowed: true });
    assert.deepEqual(win32.checkRelativePath(''), { allowed: true });
    // On posix a backslash is part of the name, not a separator.
    assert.deepEqual(posix.checkRelativePath('a\\.env'), { allowed: true });
    assert.equal(posix.checkRelativePath('sub/.env').allowed, false);
  });

  it('an 8.3 short name passes the name check; the real path it opens is what refuses it', () => {
    assert.deepEqual(win32.check(['ENV~1']), { allowed: true });
    assert.deepEqual(win32.check(['GIT~1', 'config']), { allowed: true });
    assert.equal(win32.checkRelativePath(path.win32.relative('C:\\www', 'C:\\www\\.env')).allowed, false);
  });
});

describe('pathPolicy: reasons and construction', () => {
  it('reasons never carry the status arrow (the formatter adds it)', () => {
    for (const verdict of [posix.check(['.env']), posix.check(['a.pem']), win32.check(['CON']), win32.check(['a:b'])]) {
      assert.doesNotMatch(refusal(verdict).reason, /→/);
    }
  });
  it('defaults the platform to the running one', () => {
    const expected = process.platform === 'win32';
    assert.equal(new PathPolicy(DEFAULT_POLICY).check(['CON']).allowed, !expected);
  });
  it('ignores empty deny entries and trims the others', () => {
    const policy = policyWith({ deny: ['', '  ', ' *.bak '] });
    assert.equal(policy.check(['a.bak']).allowed, false);
    assert.deepEqual(policy.check(['a.txt']), { allowed: true });
  });
});

describe('pathPolicy: deny globs do not backtrack (ReDoS)', () => {
  const policy = policyWith({ deny: ['*-*-*.bak'] });
  for (const [name, allowed] of [['-'.repeat(8000), true], [`${'-'.repeat(8000)}.bak`, false]] as const) {
    it(`8,000 dashes${allowed ? '' : ' and ".bak"'} are ${allowed ? 'allowed' : 'denied'} in well under 50 ms`, () => {
      const start = performance.now();
      const verdict = policy.check([name]);
      const ms = performance.now() - start;
      assert.equal(verdict.allowed, allowed);
      assert.ok(ms < 50, `took ${ms.toFixed(1)} ms`);
    });
  }
});
