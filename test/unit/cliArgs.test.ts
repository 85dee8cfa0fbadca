// parseCliArgs: defaults, --port / -p forms, the security flags, the log flags, --spa / --header / --corp, --open
// and --live, and every bad argument → a one-line message (which the CLI prints before exiting 2); a bad --header
// is a warning and is skipped. Also the start lines (startBanner) and the browser opener's command (openerFor).

import * as assert from 'node:assert/strict';
import type * as os from 'node:os';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';
import { openerFor } from '../../src/cli/openBrowser';
import { startBanner } from '../../src/cli/startBanner';

function parsed(argv: string[], defaultDir = '.'): CliOptions {
  const result = parseCliArgs(argv, defaultDir);
  assert.ok(result.ok, `expected ${JSON.stringify(argv)} to parse: ${result.ok ? '' : result.message}`);
  return result.options;
}

describe('cliArgs: accepted arguments', () => {
  it('defaults: port 8000, host 127.0.0.1, the default folder, logging on, secure policy defaults', () => {
    assert.deepEqual(parsed([], '/default/dir'), {
      dir: '/default/dir', dirGiven: false, quiet: false, help: false, version: false, open: false, live: false,
      log: { format: 'full', showSecrets: false, responseHeads: false }, warnings: [],
      server: {
        root: '/default/dir', host: '127.0.0.1', port: 8000, logBodyBytes: 1024, limits: { maxConnections: 1000 },
        policy: { allowedHosts: [], serveDotfiles: false, cors: false },
      },
    });
  });

  const run = (argv: string[], check: (options: CliOptions) => void, title = JSON.stringify(argv)): void => {
    it(title, () => check(parsed(argv)));
  };
  run(['--port', '0'], (o) => assert.equal(o.server.port, 0));
  run(['--port=123'], (o) => assert.equal(o.server.port, 123));
  run(['--port', '65535'], (o) => assert.equal(o.server.port, 65535));
  run(['site', '--host', '0.0.0.0'], (o) => assert.deepEqual([o.dir, o.dirGiven, o.server.root, o.server.host], ['site', true, 'site', '0.0.0.0']));
  run(['--host=::1', 'site'], (o) => assert.deepEqual([o.dir, o.server.host], ['site', '::1']));
  run(['--quiet'], (o) => assert.equal(o.quiet, true));
  run(['-h'], (o) => assert.equal(o.help, true));
  run(['--help'], (o) => assert.equal(o.help, true));
  run(['-v'], (o) => assert.equal(o.version, true));
  run(['-'], (o) => assert.equal(o.dir, '-'));
  run(['--allowed-hosts', 'a.test, b.test:8080,,*.dev.test'],
    (o) => assert.deepEqual(o.server.policy?.allowedHosts, ['a.test', 'b.test:8080', '*.dev.test']));
  run(['--serve-dotfiles'], (o) => assert.equal(o.server.policy?.serveDotfiles, true));
  run(['--cors'], (o) => assert.equal(o.server.policy?.cors, true));
  run(['--deny', ''], (o) => assert.deepEqual(o.server.policy?.deny, []), '--deny "" clears the deny list');
  run(['--deny=*.secret,private'], (o) => assert.deepEqual(o.server.policy?.deny, ['*.secret', 'private']));
  run([], (o) => assert.ok(!('deny' in (o.server.policy ?? {}))), 'no --deny keeps the default list');
  run(['--max-connections', '5'], (o) => assert.deepEqual(o.server.limits, { maxConnections: 5 }));
  run(['--log-body-bytes', '0'], (o) => assert.equal(o.server.logBodyBytes, 0));
  run(['--port', '1', '--port', '2'], (o) => assert.equal(o.server.port, 2), 'the last --port wins');
  run(['-p', '8080'], (o) => assert.equal(o.server.port, 8080));
  run(['-p', '1', '--port', '2', '-p', '3'], (o) => assert.equal(o.server.port, 3), '-p and --port are one flag');
  run(['--open'], (o) => assert.equal(o.open, true));
  run(['--live'], (o) => assert.equal(o.live, true));
  run(['--log-secrets'], (o) => assert.equal(o.log.showSecrets, true));
  run(['--log-responses'], (o) => assert.equal(o.log.responseHeads, true));
  run(['--log-format', 'summary'], (o) => assert.equal(o.log.format, 'summary'));
  run(['--log-format=full'], (o) => assert.equal(o.log.format, 'full'));
  run(['--spa', '/index.html'], (o) => assert.equal(o.server.spaFallback, '/index.html'));
  run(['--spa='], (o) => assert.equal(o.server.spaFallback, ''), '--spa= turns the fallback off');
  run([], (o) => assert.ok(!('spaFallback' in o.server) && !('headers' in o.server)), 'no --spa, no --header: core defaults');
  for (const corp of ['same-site', 'same-origin', 'cross-origin', 'off']) {
    run(['--corp', corp], (o) => assert.equal(o.server.policy?.crossOriginResourcePolicy, corp));
  }
  run([], (o) => assert.ok(!('crossOriginResourcePolicy' in (o.server.policy ?? {}))), 'no --corp keeps the default');
  run(['--header', 'X-Frame-Options: DENY', '--header=Cache-Control:no-store'], (o) => {
    assert.deepEqual(o.server.headers, [{ glob: '**', name: 'X-Frame-Options', value: 'DENY' },
      { glob: '**', name: 'Cache-Control', value: 'no-store' }]);
    assert.deepEqual(o.warnings, []);
  }, '--header is repeatable, each for every path');
  run(['--header', 'no colon', '--header', 'Bad Name: x', '--header', 'Content-Length: 5', '--header', 'X-Ok: yes',
    '--header', 'X-Bad: a\x01b'], (o) => {
    assert.deepEqual(o.server.headers, [{ glob: '**', name: 'X-Ok', value: 'yes' }]);
    assert.equal(o.warnings.length, 4, o.warnings.join('\n'));
    assert.match(o.warnings[0], /^--header "no colon" skipped: expected "Name: value"$/);
    assert.match(o.warnings[1], /^--header skipped: header "Bad Name" for "\*\*": the name is not a valid header name$/);
    assert.match(o.warnings[2], /Content-Length is set by the server itself/);
    assert.match(o.warnings[3], /control character/);
  }, 'a bad --header is a warning and is skipped; the good ones are kept');
});

describe('cliArgs: rejected arguments', () => {
  const run = (argv: string[], message: RegExp): void => {
    it(`${JSON.stringify(argv)} → ${message}`, () => {
      const result = parseCliArgs(argv, '.');
      assert.ok(!result.ok, 'expected an error');
      assert.match(result.message, message);
      assert.ok(!result.message.includes('\n'), 'one line');
    });
  };
  run(['--port', 'abc'], /^--port must be a whole number from 0 to 65535, not "abc"$/);
  run(['--port', '70000'], /^--port must be a whole number from 0 to 65535, not "70000"$/);
  run(['--port', '-1'], /^--port must be a whole number from 0 to 65535, not "-1"$/);
  run(['--port=1.5'], /not "1\.5"/);
  run(['--port='], /not ""/);
  run(['--port'], /^--port needs a value$/);
  run(['--host', ''], /^--host needs an address$/);
  run(['--max-connections', '0'], /^--max-connections must be a whole number from 1 to 1000000/);
  run(['--log-body-bytes', '2000000'], /^--log-body-bytes must be a whole number/);
  run(['--bogus'], /^unknown option --bogus \(see --help\)$/);
  run(['-x'], /^unknown option -x/);
  run(['--quiet=yes'], /^unknown option --quiet=yes/);
  run(['one', 'two'], /^expected one folder, got 2: one two$/);
  run(['-p'], /^-p needs a value$/);
  run(['-p', 'x'], /^--port must be a whole number from 0 to 65535, not "x"$/);
  run(['--spa', 'index.html'], /^--spa: SPA fallback "index.html" must be a path on the server starting with "\/"/);
  run(['--spa', '//evil.test/x'], /^--spa: SPA fallback/);
  run(['--corp', 'none'], /^--corp must be one of same-site, same-origin, cross-origin, off, not "none"$/);
  run(['--log-format', 'json'], /^--log-format must be one of full, summary, not "json"$/);
  run(['--header'], /^--header needs a value$/);
  run(['--open=yes'], /^unknown option --open=yes/);
});

describe('cliArgs: start lines and the browser opener', () => {
  const info = (address: string, family: 'IPv4' | 'IPv6', internal = false): os.NetworkInterfaceInfo => ({
    address, family, internal, netmask: '', mac: '', cidr: null, ...(family === 'IPv6' ? { scopeid: 0 } : {}),
  }) as os.NetworkInterfaceInfo;
  const interfaces = {
    lo: [info('127.0.0.1', 'IPv4', true), info('::1', 'IPv6', true)],
    eth0: [info('fd00::5', 'IPv6'), info('192.168.1.5', 'IPv4'), info('fe80::1', 'IPv6')],
    wlan0: [info('10.0.0.7', 'IPv4')],
  };

  it('loopback: the contract line alone', () => {
    assert.deepEqual(startBanner('site', '127.0.0.1', 8000, interfaces),
      { localUrl: 'http://127.0.0.1:8000/', lines: ['Serving site at http://127.0.0.1:8000/'] });
  });

  it('0.0.0.0: a loopback URL to open here, then each IPv4 interface address', () => {
    assert.deepEqual(startBanner('site', '0.0.0.0', 8000, interfaces), { localUrl: 'http://127.0.0.1:8000/', lines: [
      'Serving site at http://127.0.0.1:8000/', '  on your network: http://192.168.1.5:8000/', '  on your network: http://10.0.0.7:8000/'] });
  });

  it(':: : [::1] to open here, IPv4 first, then IPv6 without link-local', () => {
    assert.deepEqual(startBanner('site', '::', 9, interfaces).lines, ['Serving site at http://[::1]:9/',
      '  on your network: http://192.168.1.5:9/', '  on your network: http://10.0.0.7:9/', '  on your network: http://[fd00::5]:9/']);
  });

  it('a LAN address: its own URL, not repeated', () => {
    assert.deepEqual(startBanner('site', '192.168.1.5', 80, interfaces).lines, ['Serving site at http://192.168.1.5:80/']);
  });

  it('the opener: xdg-open, open, cmd /c start "" URL, or RAW_HTTP_SERVER_OPEN_COMMAND', () => {
    const url = 'http://127.0.0.1:8000/';
    assert.deepEqual(openerFor(url, 'linux', {}), { command: 'xdg-open', args: [url] });
    assert.deepEqual(openerFor(url, 'darwin', {}), { command: 'open', args: [url] });
    assert.deepEqual(openerFor(url, 'win32', {}), { command: 'cmd', args: ['/c', 'start', '""', url] });
    assert.deepEqual(openerFor(url, 'linux', { RAW_HTTP_SERVER_OPEN_COMMAND: '/bin/my-browser' }), { command: '/bin/my-browser', args: [url] });
  });
});
