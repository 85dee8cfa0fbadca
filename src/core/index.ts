// The server core's public surface, used by the CLI and the VS Code layer. Nothing here imports vscode.

export { RawHttpServer, resolveOptions } from './server';
export { listenWithFallback, type ListenResult } from './listen';
export { formatLogEntry, formatSummaryLine, escapeRawBytes, formatClock } from './logFormat';
export { isLoopbackHost } from './policy';
export * from './types';
