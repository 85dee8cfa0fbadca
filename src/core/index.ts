// The server core's public surface, used by the CLI and the VS Code layer. Nothing here imports vscode.

export { RawHttpServer, policyLines, type DevServerParts } from './devServer';
export { HttpServer } from './server/server';
export type { Responder, RequestContext, Application } from './server/responder';
export type { Reply, ReplyBody } from './http/reply';
export { listenWithFallback, type ListenResult } from './listen';
export { formatLogEntry, formatSummaryLine, escapeRawBytes, formatClock } from './log/logFormat';
export { isLoopbackHost } from './http/authority';
export * from './options';
export * from './events';
export { reachableUrls, type ReachableUrls } from './server/addresses';
export * from './inspect';
export { replay, type ReplayOptions } from './server/replayClient';
