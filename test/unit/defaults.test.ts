// One source of defaults: package.json's `contributes.configuration` defaults, the CLI's --help text and the CLI's
// parsed defaults all agree with DEFAULT_* in src/core/options.ts. A setting not in package.json yet is skipped
// (reported as pending), so the table can list settings before they exist: add a row per new setting or flag.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseCliArgs, USAGE } from '../../src/cli/args';
import { MAX_LOG_BODY_BYTES } from '../../src/cli/usage';
import { DEFAULT_LOG_FORMAT } from '../../src/core/log/logFormat';
import { DEFAULT_LIMITS, DEFAULT_OPTIONS, DEFAULT_POLICY } from '../../src/core/options';
import { resolveOptions } from '../../src/core/options';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { default?: unknown; maximum?: number }> } };
};
const settings = manifest.contributes.configuration.properties;

interface DefaultRow {
  /** Setting name after "rawHttpServer.", or undefined for a CLI-only option. */
  setting?: string;
  /** The CLI flag whose --help line states the default, or undefined when it has no flag / states none. */
  flag?: string;
  /** The default as DEFAULT_* gives it. */
  expected: unknown;
  /** How the --help line spells it, when it is not String(expected). */
  usageText?: string;
  /** The setting's own shape when it differs from the option's (headers: glob → { name: value } vs rules). */
  asSetting?: (value: unknown) => unknown;
}

const ROWS: DefaultRow[] = [
  { setting: 'port', flag: '--port', expected: DEFAULT_OPTIONS.port },
  { setting: 'host', flag: '--host', expected: DEFAULT_OPTIONS.host },
  { setting: 'log.maxBodyBytes', flag: '--log-body-bytes', expected: DEFAULT_OPTIONS.logBodyBytes },
  { setting: 'allowedHosts', expected: DEFAULT_POLICY.allowedHosts },
  { setting: 'serveDotfiles', expected: DEFAULT_POLICY.serveDotfiles },
  { setting: 'deny', flag: '--deny', expected: DEFAULT_POLICY.deny, usageText: `"${DEFAULT_POLICY.deny.join(',')}"` },
  { setting: 'cors', expected: DEFAULT_POLICY.cors },
  { setting: 'maxConnections', flag: '--max-connections', expected: DEFAULT_LIMITS.maxConnections },
  { setting: 'crossOriginResourcePolicy', flag: '--corp', expected: DEFAULT_POLICY.crossOriginResourcePolicy,
    usageText: `${DEFAULT_POLICY.crossOriginResourcePolicy} (default)` },
  { setting: 'spaFallback', expected: DEFAULT_OPTIONS.spaFallback },
  { setting: 'headers', expected: DEFAULT_OPTIONS.headers,
    asSetting: (rules) => Object.fromEntries((rules as typeof DEFAULT_OPTIONS.headers).map((rule) => [rule.glob, { [rule.name]: rule.value }])) },
  { setting: 'log.showSecrets', expected: false },
  { setting: 'log.format', flag: '--log-format', expected: DEFAULT_LOG_FORMAT },
  { setting: 'log.responseHeads', expected: false },
  { setting: 'capture', expected: DEFAULT_OPTIONS.capture },
  { setting: 'capture.maxBodyBytes', flag: '--capture-max-body-bytes', expected: DEFAULT_OPTIONS.captureMaxBodyBytes },
  { setting: 'capture.status', flag: '--capture-status', expected: DEFAULT_OPTIONS.captureStatus },
  // The setting spells "no body configured: the JSON echo" as "" (the option as undefined).
  { setting: 'capture.body', expected: DEFAULT_OPTIONS.captureBody, asSetting: (body) => body ?? '' },
];

/** The --help line(s) of a flag: from its line to the next option line. */
function usageOf(flag: string): string {
  const lines = USAGE.split('\n');
  const start = lines.findIndex((line) => new RegExp(`^ {2}(-\\w, )?${flag}\\b`).test(line));
  assert.ok(start !== -1, `--help has a line for ${flag}`);
  let end = start + 1;
  while (end < lines.length && /^ {3,}/.test(lines[end])) {
    end++;
  }
  return lines.slice(start, end).join(' ');
}

describe('defaults: one source (DEFAULT_* in src/core/options.ts)', () => {
  for (const row of ROWS.filter((candidate) => candidate.setting !== undefined)) {
    const key = `rawHttpServer.${row.setting}`;
    it(`package.json ${key} defaults to ${JSON.stringify(row.expected)}`, () => {
      assert.ok(key in settings, `package.json declares ${key}`);
      assert.deepEqual(settings[key].default, row.asSetting ? row.asSetting(row.expected) : row.expected);
    });
  }

  for (const row of ROWS.filter((candidate) => candidate.flag !== undefined)) {
    const text = row.usageText ?? String(row.expected);
    it(`--help states ${row.flag}'s default: ${text}`, () => {
      const line = usageOf(row.flag!);
      assert.ok(line.includes(row.usageText ?? `default ${text}`), `"${line}" should state ${text}`);
    });
  }

  it('the CLI with no arguments resolves to exactly DEFAULT_OPTIONS', () => {
    const parsed = parseCliArgs([], '/srv');
    assert.ok(parsed.ok);
    const { root, ...resolved } = resolveOptions(parsed.options.server);
    assert.equal(root, path.resolve('/srv'));
    assert.deepEqual(resolved, { ...DEFAULT_OPTIONS });
    assert.equal(parsed.options.log.format, DEFAULT_LOG_FORMAT);
  });

  it('--log-body-bytes and rawHttpServer.log.maxBodyBytes share one maximum', () => {
    assert.equal(settings['rawHttpServer.log.maxBodyBytes'].maximum, MAX_LOG_BODY_BYTES);
    assert.ok(parseCliArgs(['--log-body-bytes', String(MAX_LOG_BODY_BYTES)], '.').ok);
    assert.ok(!parseCliArgs(['--log-body-bytes', String(MAX_LOG_BODY_BYTES + 1)], '.').ok);
  });
});
