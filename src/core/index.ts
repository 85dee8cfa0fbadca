// The server core's public surface, used by the CLI and the VS Code layer. Nothing here imports vscode.

export { RawHttpServer, resolveOptions } from './server/server';
export { listenWithFallback, type ListenResult } from './server/listen';
export { formatLogEntry, formatSummaryLine, escapeRawBytes, formatClock } from './log/logFormat';
export { isLoopbackHost } from './http/authority';
export * from './options';
export * from './events';
export { reachableUrls, type ReachableUrls } from './server/addresses';
