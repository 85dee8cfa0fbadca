// Starts one RawHttpServer for a workspace folder: resolves the root, loads the core (lazily: activation never
// pays for it), listens with port fallback, wires the log, registers VS Code's external authority, and writes the
// lifecycle lines. Returns the running state or a readable error. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { RawHttpServer } from '../core';
import { resolveRoot, type Settings } from './config';
import { LiveSession } from './live/liveSession';
import { writeNotice } from './live/liveLog';
import type { RequestLog } from './requestLog';
import type { ServerState } from './state';

/** `live`: the watcher and buffer overlay of a live-reloading server; the caller disposes it when the server stops. */
export type Launched = { server: RawHttpServer; state: ServerState; live?: vscode.Disposable } | { error: string };

const loadCore = (): Promise<typeof import('../core')> => import('../core');

export async function launchServer(folder: vscode.WorkspaceFolder, settings: Settings, log: RequestLog,
  onLivePages: (count: number) => void = () => undefined): Promise<Launched> {
  const startedAt = performance.now();
  const resolved = await resolveRoot(folder.uri.fsPath, settings.root);
  if ('error' in resolved) {
    return resolved;
  }
  const core = await loadCore();
  log.configure(settings.log);
  log.setFormatter(core.formatLogEntry);
  let started: Awaited<ReturnType<typeof core.listenWithFallback>>;
  try {
    // VS Code's file watcher reports changes (LiveSession), not the core's fs.watch.
    started = await core.listenWithFallback({ ...settings.server, root: resolved.root }, undefined, { watcher: 'external' });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    return { error: `cannot listen on ${settings.server.host}:${settings.server.port}: ${err.code ?? err.message}` };
  }
  const { server, address, requestedPort, fellBack } = started;
  server.on('request', (entry) => log.request(entry));
  server.on('notice', (notice) => writeNotice(log, notice));
  const url = browseUrl(address.address, address.port);
  // In Remote-SSH, WSL, Codespaces or code-server the browser reaches the server through a forwarded authority;
  // the core's Host allowlist must accept it (DNS-rebinding defence otherwise answers 403).
  const external = await vscode.env.asExternalUri(vscode.Uri.parse(url)).then((uri) => uri, () => undefined);
  if (external) {
    server.setExternalAuthorities([external.authority]);
  }
  const exposed = !core.isLoopbackHost(address.address);
  if (fellBack) {
    log.line('warning', `Port ${requestedPort} busy → using ${address.port} (the rawHttpServer.port setting is unchanged).`);
  }
  if (exposed) {
    log.line('warning', `Bound to ${address.address}: ${resolved.root} is reachable from the network. Set rawHttpServer.host to 127.0.0.1 to keep it local.`);
  }
  log.line('info', `Started on ${url} serving ${resolved.root} (listening after ${Math.round(performance.now() - startedAt)} ms).`);
  const live = settings.live === 'off' ? undefined : new LiveSession(server, resolved.root, settings.live, onLivePages);
  return {
    server,
    live,
    state: {
      phase: 'running', port: address.port, requestedPort, fellBack, url, externalUrl: external?.toString(true),
      host: address.address, exposed, folderName: folder.name, root: resolved.root,
      live: settings.live, livePages: live ? 0 : undefined,
    },
  };
}

/** The URL a browser on this machine should open: a wildcard bind (0.0.0.0, ::) is reached through loopback. */
function browseUrl(address: string, port: number): string {
  if (address === '0.0.0.0') {
    return `http://127.0.0.1:${port}/`;
  }
  if (address === '::') {
    return `http://[::1]:${port}/`;
  }
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}
