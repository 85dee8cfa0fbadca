// The one runtime importer of the server core (`../core`): the rest of the VS Code layer imports only types and the
// dependency-free modules (options, events, http/authority, files/paths, log/escape); eslint.config.mjs enforces it.
// Loaded on the first start, never at activation: activation must not pay for parsing the server.
export type Core = typeof import('../core');

let loading: Promise<Core> | undefined;

export function loadCore(): Promise<Core> {
  loading ??= import('../core');
  return loading;
}
