// The controller's state as a plain value: what the status bar renders and the test API reports.
// No behaviour here. Only src/vscode/** and src/extension.ts import vscode; this file needs nothing at all.

export type Phase = 'off' | 'starting' | 'running' | 'stopping' | 'error';

export interface ServerState {
  phase: Phase;
  /** Port actually bound (running/stopping), and the configured one it was asked for. */
  port?: number;
  requestedPort?: number;
  /** True when the configured port was busy and another one was taken. */
  fellBack?: boolean;
  /** Local URL (http://127.0.0.1:N/) and the one VS Code maps it to for the user (remote, Codespaces). */
  url?: string;
  externalUrl?: string;
  host?: string;
  /** URLs other devices (a phone on the same network) can use; empty on loopback (core reachableUrls). */
  networkUrls?: string[];
  /** Bound to a non-loopback address: the folder is reachable from the network. */
  exposed?: boolean;
  /** Workspace folder name and absolute document root being served. */
  folderName?: string;
  root?: string;
  /** Why the last start failed (phase 'error'). */
  error?: string;
  /** Live reload mode of the running server, and how many pages are connected to its channel. */
  live?: 'onSave' | 'onType' | 'off';
  livePages?: number;
}

export const OFF: ServerState = Object.freeze({ phase: 'off' });
