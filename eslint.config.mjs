// Flat ESLint config: recommended JS + type-aware TypeScript rules. Floating promises are errors (as in
// vscode-eslint), and the server core and CLI may never import `vscode` (the core must run headless).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const NO_VSCODE_NO_HTTP = [
  { name: 'vscode', message: 'The server core and the CLI must stay free of vscode.' },
  ...['http', 'node:http', 'https', 'node:https'].map((name) => ({ name, message: 'The server is built on raw net sockets, never the http modules.' })),
];
const SOCKETS_AND_FILES = ['node:fs', 'fs', 'node:fs/promises', 'node:tls', 'tls'].map((name) => ({ name, message: 'core/http is pure protocol: no file system, no sockets.' }))
  .concat(['node:net', 'net'].map((name) => ({ name, importNames: ['createServer', 'createConnection', 'connect', 'Socket', 'Server'],
    allowTypeImports: true, message: 'core/http is pure protocol: address syntax from node:net is fine, sockets are not.' })));
const layer = (files, paths, patterns = []) => ({ files, rules: { 'no-restricted-imports': ['error', { paths: [...NO_VSCODE_NO_HTTP, ...paths], patterns }] } });
// The Responder seam (server/responder.ts) is the one part of server/ that responders may import.
const importsOf = (folders, message) => folders.map((folder) => ({
  group: [`**/core/${folder}/*`, `../${folder}/*`, `../../${folder}/*`, ...(folder === 'server' ? ['!**/server/responder'] : [])], message }));

function layerRules() {
  return [
    layer(['src/core/**/*.ts', 'src/cli/**/*.ts'], []),
    layer(['src/core/http/**/*.ts'], SOCKETS_AND_FILES, importsOf(['server', 'files', 'routes', 'log'], 'core/http imports no other layer of the core.')),
    layer(['src/core/server/**/*.ts'], [], importsOf(['files', 'routes'], 'core/server knows Responder, never files or routes (they are composed in devServer.ts).')),
    layer(['src/core/files/**/*.ts'], [], importsOf(['routes', 'server'], 'files/ is a responder: it does not import routes/ or the socket layer.')),
    layer(['src/core/routes/**/*.ts'], [], importsOf(['files', 'server'], 'routes/ are responders: they do not import files/ or the socket layer.')),
    layer(['src/core/log/**/*.ts'], [], importsOf(['server', 'files', 'routes'], 'log/ formats records; it imports no layer that serves.')),
    // inspect/ exports records (cURL, HAR, replay bytes): only events, http/ and log/; no sockets, no files.
    layer(['src/core/inspect/**/*.ts'], SOCKETS_AND_FILES.map((rule) => ({ ...rule, message: 'core/inspect is pure: no file system, no sockets.' })),
      [...importsOf(['server', 'files', 'routes'], 'core/inspect imports only events, http/ and log/.'),
        { group: ['**/core/options', '../options', '**/core/devServer', '../devServer', '../listen', '../index'], message: 'core/inspect imports only events, http/ and log/.' }]),
    // The VS Code layer loads the core at run time only through vscode/coreLoader.ts (lazily, off the activation
    // path); types and the dependency-free modules (options, events, authority, paths, log escape) are fine anywhere.
    // no-restricted-imports does not see import() expressions, hence the no-restricted-syntax twin.
    { files: ['src/vscode/**/*.ts', 'src/extension.ts'], ignores: ['src/vscode/coreLoader.ts'],
      rules: {
        'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+core(/(?!(options|events|http/authority|files/paths|log/escape)$).*)?$',
          allowTypeImports: true, message: 'The VS Code layer loads the core through vscode/coreLoader.ts (types and the dependency-free option/path/escape modules excepted).' }] }],
        'no-restricted-syntax': ['error', { selector: 'ImportExpression[source.value=/(^|\\/)core(\\/|$)/]',
          message: 'Load the core through vscode/coreLoader.ts (loadCore()), the one runtime importer of ../core.' }],
      } },
  ];
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'bench/.work/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'demo/**', '*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      curly: 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  // The layers, as import rules (a later block replaces an earlier one's list, so each repeats the shared bans):
  // core/http is pure protocol (no files, no sockets); core/server knows the Responder seam but never files or
  // routes; files/ and routes/ do not import each other; the core and the CLI never import vscode or http.
  ...layerRules(),
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        setInterval: 'readonly', clearInterval: 'readonly', Buffer: 'readonly', URL: 'readonly', __dirname: 'readonly' },
    },
  },
);
