// Flat ESLint config: recommended JS + type-aware TypeScript rules. Floating promises are errors (as in
// vscode-eslint), and the server core and CLI may never import `vscode` (the core must run headless).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
  {
    files: ['src/core/**/*.ts', 'src/cli.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'vscode', message: 'The server core and the CLI must stay free of vscode.' },
          { name: 'http', message: 'The server is built on raw net sockets, never the http module.' },
          { name: 'node:http', message: 'The server is built on raw net sockets, never the http module.' },
          { name: 'https', message: 'The server is built on raw net sockets, never the https module.' },
          { name: 'node:https', message: 'The server is built on raw net sockets, never the https module.' },
        ],
      }],
    },
  },
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
