// The one typed reader of the `rawHttpServer.*` settings: turns VS Code configuration into the core's
// ServerOptionsInput plus the extension's own settings, so the core never sees VS Code configuration.
// Only src/vscode/** and src/extension.ts import vscode; src/core never does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_LIMITS, DEFAULT_OPTIONS, DEFAULT_POLICY, type ServerOptionsInput } from '../core/options';
import { isInside } from '../core/files/paths';
import { liveModeOf, type LiveMode } from './live/liveMode';

export const SECTION = 'rawHttpServer';

// Fallbacks come from the core's defaults (package.json's contributes.configuration states the same values); they
// only matter when the manifest's defaults are missing, e.g. a setting read before VS Code loaded the manifest.
// core/types has no imports, so reading it here costs activation nothing.
const { port: DEFAULT_PORT, host: DEFAULT_HOST, logBodyBytes: DEFAULT_BODY_BYTES } = DEFAULT_OPTIONS;
const DEFAULT_MAX_CONNECTIONS = DEFAULT_LIMITS.maxConnections;

export interface LogSettings {
  enabled: boolean;
  maxBodyBytes: number;
}

export interface Settings {
  /** Everything the core needs except the root, which depends on the folder chosen. */
  server: Omit<ServerOptionsInput, 'root'>;
  /** The raw `rawHttpServer.root` value (relative to the workspace folder, or absolute inside it). */
  root: string;
  autoStart: boolean;
  log: LogSettings;
  /** `rawHttpServer.liveReload`; `server.liveReload` is false exactly when it is "off". */
  live: LiveMode;
}

export function readSettings(folder?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, folder);
  const live = liveModeOf(config);
  const maxBodyBytes = clampInt(config.get<number>('log.maxBodyBytes', DEFAULT_BODY_BYTES), 0, 1024 * 1024, DEFAULT_BODY_BYTES);
  return {
    server: {
      port: clampInt(config.get<number>('port', DEFAULT_PORT), 0, 65535, DEFAULT_PORT),
      host: config.get<string>('host', DEFAULT_HOST).trim() || DEFAULT_HOST,
      policy: {
        allowedHosts: stringArray(config.get<unknown>('allowedHosts'), []),
        serveDotfiles: config.get<boolean>('serveDotfiles', false) === true,
        deny: stringArray(config.get<unknown>('deny'), DEFAULT_POLICY.deny),
        cors: config.get<boolean>('cors', false) === true,
      },
      limits: {
        maxConnections: clampInt(config.get<number>('maxConnections', DEFAULT_MAX_CONNECTIONS), 1, 1_000_000, DEFAULT_MAX_CONNECTIONS),
      },
      logBodyBytes: maxBodyBytes,
      liveReload: live !== 'off',
    },
    root: config.get<string>('root', '').trim(),
    autoStart: config.get<boolean>('autoStart', true) !== false,
    log: { enabled: config.get<boolean>('log.enabled', true) !== false, maxBodyBytes },
    live,
  };
}

/**
 * A key that changes exactly when a running server must restart (port, host, root, policy, live reload mode). Log settings are
 * left out on purpose: turning the log off or on must not drop the clients' connections.
 */
export function restartKey(settings: Settings): string {
  const { logBodyBytes: _ignored, ...server } = settings.server;
  return JSON.stringify({ server, root: settings.root, live: settings.live });
}

export type RootResult = { root: string } | { error: string };

/**
 * Resolves `rawHttpServer.root` against the workspace folder. Containment is checked with path.relative on the
 * real paths (a bare startsWith would accept a sibling such as `/ws-old` for `/ws`, and a symlink could leave).
 */
export async function resolveRoot(folderPath: string, rootSetting: string): Promise<RootResult> {
  const wanted = path.resolve(folderPath, rootSetting || '.');
  if (!isInside(folderPath, wanted)) {
    return { error: `rawHttpServer.root "${rootSetting}" is outside the workspace folder ${folderPath}; use a subfolder such as "public".` };
  }
  let real: string;
  try {
    real = await fs.promises.realpath(wanted);
    if (!(await fs.promises.stat(real)).isDirectory()) {
      return { error: `rawHttpServer.root "${rootSetting}" is not a folder (${wanted}).` };
    }
  } catch {
    return { error: `rawHttpServer.root "${rootSetting}" does not exist (${wanted}).` };
  }
  const realFolder = await fs.promises.realpath(folderPath).catch(() => folderPath);
  if (!isInside(realFolder, real)) {
    return { error: `rawHttpServer.root "${rootSetting}" leads outside the workspace folder through a symlink (${real}).` };
  }
  return { root: wanted };
}

function clampInt(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fallback;
  }
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

function stringArray(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : fallback;
}
