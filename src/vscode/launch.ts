// Starts one RawHttpServer for a workspace folder: resolves the root, loads the core (lazily, through coreLoader:
// activation never pays for it), listens with port fallback, wires the log, registers VS Code's external
// authority, and writes the lifecycle lines. Returns the running state or a sentence the user can act on.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { RawHttpServer, ServerOptionsInput } from '../core';
import { resolveRoot, type Settings } from './config';
import { loadCore } from './coreLoader';
import { LiveSession } from './live/liveSession';
import { writeNotice } from './live/liveLog';
import { listenErrorText } from './listenErrors';
import type { RequestLog } from './requestLog';
import type { ServerState } from './state';

/** `live`: the watcher and buffer overlay of a live-reloading server; the caller disposes it when the server stops. */
export type Launched = { server: RawHttpServer; state: ServerState; input: ServerOptionsInput; live?: vscode.Disposable } | { error: string };

/** `env.asExternalUri`, or a stand-in from the test API (code-server maps to a loopback authority only). */
export type ExternalUriResolver = (uri: vscode.Uri) => Thenable<vscode.Uri>;

export async function launchServer(folder: vscode.WorkspaceFolder, settings: Settings, log: RequestLog,
  asExternalUri: ExternalUriResolver, onLivePages: (count: number) => void = () => undefined): Promise<Launched> {
  const startedAt = performance.now();
  const resolved = await resolveRoot(folder.uri.fsPath, settings.root);
  if ('error' in resolved) {
    return resolved;
  }
  const core = await loadCore();
  log.configure(settings.log);
  log.setFormatter(core.formatLogEntry);
  const input: ServerOptionsInput = { ...settings.server, root: resolved.root };
  let started: Awaited<ReturnType<typeof core.listenWithFallback>>;
  try {
    // VS Code's file watcher reports changes (LiveSession), not the core's fs.watch.
    started = await core.listenWithFallback(input, undefined, { watcher: 'external' });
  } catch (error) {
    return { error: listenErrorText(settings.server.host ?? '', settings.server.port ?? 0, error) };
  }
  const { server, address, requestedPort, fellBack } = started;
  server.on('request', (entry) => log.request(entry));
  server.on('notice', (notice) => writeNotice(log, notice));
  const { local: url, network: networkUrls } = core.reachableUrls(address.address, address.port);
  // In Remote-SSH, WSL, Codespaces or code-server the browser reaches the server through a forwarded authority;
  // the core's Host allowlist must accept it (DNS-rebinding defence otherwise answers 403).
  const external = await Promise.resolve(asExternalUri(vscode.Uri.parse(url))).then((uri) => uri, () => undefined);
  if (external) {
    server.setExternalAuthorities([external.authority]);
  }
  const exposed = !core.isLoopbackHost(address.address);
  if (fellBack) {
    log.line('warning', `Port ${requestedPort} busy → using ${address.port} (the rawHttpServer.port setting is unchanged).`);
  }
  if (exposed) {
    log.line('warning', `Bound to ${address.address}: ${resolved.root} is reachable from the network. Set rawHttpServer.host to 127.0.0.1 to keep it local.`);
    log.line('info', networkUrls.length > 0
      ? `Other devices on your network can open: ${networkUrls.join('  ')}`
      : 'No network address found for other devices (no interface beyond loopback is up).');
  }
  log.line('info', `Started on ${url} serving ${resolved.root} (listening after ${Math.round(performance.now() - startedAt)} ms).`);
  const live = settings.live === 'off' ? undefined : new LiveSession(server, resolved.root, settings.live, onLivePages);
  return {
    server,
    input,
    live,
    state: {
      phase: 'running', port: address.port, requestedPort, fellBack, url, externalUrl: external?.toString(true),
      host: address.address, exposed, networkUrls, folderName: folder.name, root: resolved.root,
      live: settings.live, livePages: live ? 0 : undefined,
    },
  };
}
