// Shared types of the server core: options with their defaults, and the records the server reports.
// Pure declarations; imports nothing but Node types (never vscode).

/** Security policy: each field has a CLI flag and a `rawHttpServer.*` setting of the same name. */
export interface SecurityPolicy {
  /** Extra Host names (or host:port) accepted besides the loopback names (DNS-rebinding defence). */
  allowedHosts: string[];
  /** Serve path segments that start with "." (off by default; `/.well-known/` is always served). */
  serveDotfiles: boolean;
  /** Globs matched case-insensitively against every path segment; a match is answered 404. */
  deny: string[];
  /** Send `Access-Control-Allow-Origin: *` (no credentials). */
  cors: boolean;
}

/** Limits that keep one client from hurting the server or the others. Durations in milliseconds. */
export interface ServerLimits {
  /** The request head must be complete this long after its first byte arrived (slowloris) → 408. */
  headerTimeoutMs: number;
  /** A keep-alive connection with no request in progress is closed after this long. */
  idleTimeoutMs: number;
  /** A request body must be complete this long after its head. */
  bodyTimeoutMs: number;
  /** A response that makes no write progress this long (client stopped reading) is abandoned. */
  sendStallTimeoutMs: number;
  /** Bodies up to this size are read and discarded; a larger one is answered 413 and the connection closed. */
  maxBodyBytes: number;
  /** Open connections; past it new connections are closed at once. */
  maxConnections: number;
  /** Request target (RFC 9112 §3) longer than this → 414. */
  maxTargetBytes: number;
  /** Whole request head (request line + fields) larger than this → 431. */
  maxHeadBytes: number;
}

export interface ServerOptions {
  /** Folder served as the document root (made absolute and real-pathed by the server). */
  root: string;
  host: string;
  /** 0 = any free port. */
  port: number;
  policy: SecurityPolicy;
  limits: ServerLimits;
  /** Bytes of each request body kept for the log (the tutorial's recv(1024)). */
  logBodyBytes: number;
  /** Authorities (host[:port]) that a front end knows reach this server, e.g. VS Code's asExternalUri. */
  externalAuthorities: string[];
}

export const DEFAULT_POLICY: SecurityPolicy = Object.freeze({
  allowedHosts: [],
  serveDotfiles: false,
  deny: ['.env*', '*.pem', '*.key', 'id_rsa*'],
  cors: false,
}) as SecurityPolicy;

export const DEFAULT_LIMITS: ServerLimits = Object.freeze({
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 5_000,
  bodyTimeoutMs: 30_000,
  sendStallTimeoutMs: 60_000,
  maxBodyBytes: 1024 * 1024,
  maxConnections: 1000,
  maxTargetBytes: 8 * 1024,
  maxHeadBytes: 16 * 1024,
});

export const DEFAULT_OPTIONS: Omit<ServerOptions, 'root'> = Object.freeze({
  host: '127.0.0.1',
  port: 8000,
  policy: DEFAULT_POLICY,
  limits: DEFAULT_LIMITS,
  logBodyBytes: 1024,
  externalAuthorities: [],
});

/** Options as callers give them: only the root is required. */
export interface ServerOptionsInput {
  root: string;
  host?: string;
  port?: number;
  policy?: Partial<SecurityPolicy>;
  limits?: Partial<ServerLimits>;
  logBodyBytes?: number;
  externalAuthorities?: string[];
}
