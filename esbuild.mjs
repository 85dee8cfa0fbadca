// Bundles the two entry points. The CLI bundle has NO externals, so a runtime `vscode` import reachable from
// src/core or src/cli fails the build ("Could not resolve \"vscode\""); the extension bundle keeps `vscode`
// external because VS Code provides it. Flags: --production (minify, no source maps), --watch.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * mime-types builds its extension table from the whole mime database when it is loaded: ~15 ms of every start of
 * the CLI and of every activation. The bundles get that table as the package itself computed it, here; mime.ts uses
 * nothing else of the package (the "bundled table" suite of test/unit/mime.test.ts compares the bundle's answers with
 * the package's). Only mime.ts's import is replaced: a dependency that wants the whole package gets it.
 */
const mimeTable = {
  name: 'mime-table',
  setup(build) {
    build.onResolve({ filter: /^mime-types$/ }, (args) => (/[\\/]src[\\/]core[\\/]files[\\/]mime\.ts$/.test(args.importer)
      ? { path: 'mime-types', namespace: 'mime-table' } : undefined));
    build.onLoad({ filter: /.*/, namespace: 'mime-table' }, () => {
      const { types } = createRequire(import.meta.url)('mime-types');
      return { contents: `exports.types = JSON.parse(${JSON.stringify(JSON.stringify(types))});`, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
  // ESM entry points first: jsonc-parser's UMD build resolves its parts through a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
  plugins: [mimeTable],
  define: { __VERSION__: JSON.stringify(JSON.parse(readFileSync('package.json', 'utf8')).version) },
};

const builds = [
  { ...common, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('src/extension.ts')) {
  builds.push({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] });
}

async function main() {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  if (watch) {
    await Promise.all(contexts.map((context) => context.watch()));
    console.log('[esbuild] watching src/ …');
    return;
  }
  await Promise.all(contexts.map((context) => context.rebuild()));
  await Promise.all(contexts.map((context) => context.dispose()));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
