// Test helper: the built CLI (dist/cli.js, from `node esbuild.mjs`) spawned for real, its stdout and stderr
// collected as text, and a bounded wait for its exit. Used by the spawned-CLI suites.

import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface Cli {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  exited: Promise<Exit>;
}

/** Runs `node <script> ...args` (the CLI unless told otherwise) with extra environment variables. */
export function runCli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}, script = CLI): Cli {
  const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => { out += text; });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => { err += text; });
  const exited = new Promise<Exit>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal }));
  });
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Resolves with the exit, or fails after `ms`. */
export async function exitWithin(cli: Cli, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no exit within ${ms} ms; stderr: ${cli.stderr()}`)), ms);
  });
  try {
    return await Promise.race([cli.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Kills every CLI still running (SIGKILL) and waits for it to go. */
export async function killAll(running: Cli[]): Promise<void> {
  for (const cli of running.splice(0)) {
    if (cli.child.exitCode === null && cli.child.signalCode === null) {
      cli.child.kill('SIGKILL');
      await exitWithin(cli, 5000);
    }
  }
}

/**
 * For a suite's before(): the spawned-CLI tests need dist/cli.js. `npm test` always builds it; run alone without a
 * build they skip, except in CI, where a missing bundle is a failure (a skipped suite there would hide it).
 */
export function requireBuiltCli(context: Mocha.Context): void {
  if (fs.existsSync(CLI)) {
    return;
  }
  if (process.env.CI) {
    throw new Error(`${CLI} is missing: the CLI suites cannot run`);
  }
  console.log(`    skipped: ${CLI} is missing; run "node esbuild.mjs" first (npm test always builds it)`);
  context.skip();
}
