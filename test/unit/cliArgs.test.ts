// parseCliArgs: defaults, --port forms, the security flags, and every bad argument → a one-line message (which the
// CLI prints before exiting 2).

import * as assert from 'node:assert/strict';
import { parseCliArgs, type CliOptions } from '../../src/cli/args';

function parsed(argv: string[], defaultDir = '.'): CliOptions {
  const result = parseCliArgs(argv, defaultDir);
  assert.ok(result.ok, `expected ${JSON.stringify(argv)} to parse: ${result.ok ? '' : result.message}`);
  return result.options;
}

describe('cliArgs: accepted arguments', () => {
  it('defaults: port 8000, host 127.0.0.1, the default folder, logging on, secure policy defaults', () => {
    assert.deepEqual(parsed([], '/default/dir'), {
      dir: '/default/dir', dirGiven: false, quiet: false, help: false, version: false,
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
});
