// The server's options, their defaults (DEFAULT_*: the one source of defaults, which package.json's settings and
// the CLI's usage text are tested against), and their validation. Imports nothing, so any layer may read it.

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
  /**
   * `Cross-Origin-Resource-Policy` sent on every response (Fetch §3.3 CORP): `same-site` keeps other web sites from
   * embedding our scripts and probing our paths, while pages on other localhost ports (same site) still can.
   */
  crossOriginResourcePolicy: CorpValue;
}

export const CORP_VALUES = ['same-site', 'same-origin', 'cross-origin', 'off'] as const;
export type CorpValue = (typeof CORP_VALUES)[number];

/** Extra response header lines for paths that match a glob (e.g. "**" or "/api/**"). */
export interface HeaderRule {
  glob: string;
  name: string;
  value: string;
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
  /** URL path of the file answered for a missing extension-less document request (SPA fallback); '' = off. */
  spaFallback: string;
  /** Extra response headers by path glob, validated (see validateHeaderRules). */
  headers: HeaderRule[];
  /** Inject the live-reload client into HTML answers and answer its channel (/__raw-http/). */
  liveReload: boolean;
  /**
   * Capture mode (forms, webhooks): path globs (as in `headers`) on which any method is accepted, the body kept
   * whole up to `captureMaxBodyBytes` and answered with `captureStatus` and a JSON echo (or `captureBody`).
   */
  capture: string[];
  /** A captured body over this many bytes is answered 413 (it replaces limits.maxBodyBytes on capture paths). */
  captureMaxBodyBytes: number;
  /** Status of a capture answer (2xx–5xx). */
  captureStatus: number;
  /** Body of a capture answer instead of the JSON echo (undefined = echo; "" = empty). */
  captureBody: string | undefined;
}

export const DEFAULT_POLICY: SecurityPolicy = Object.freeze({
  allowedHosts: [],
  serveDotfiles: false,
  deny: ['.env*', '*.pem', '*.key', 'id_rsa*'],
  cors: false,
  crossOriginResourcePolicy: 'same-site',
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
  spaFallback: '',
  headers: [],
  liveReload: false,
  capture: [],
  captureMaxBodyBytes: 1024 * 1024,
  captureStatus: 200,
  captureBody: undefined,
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
  spaFallback?: string;
  headers?: HeaderRule[];
  liveReload?: boolean;
  capture?: string[];
  captureMaxBodyBytes?: number;
  captureStatus?: number;
  captureBody?: string;
}

/** Header names a user may not set: hop-by-hop (RFC 9110 §7.6.1) and framing fields the server alone decides. */
const RESERVED_HEADER_NAMES = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer',
  'upgrade', 'content-length', 'content-range', 'date', 'host']);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Splits "Name: value" (the CLI's --header) into a rule for every path; undefined when there is no colon. */
export function parseHeaderLine(line: string, glob = '**'): HeaderRule | undefined {
  const colon = line.indexOf(':');
  return colon <= 0 ? undefined : { glob, name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() };
}

/**
 * Keeps the header rules that can be sent safely and says what is wrong with the others: a name must be a token
 * (RFC 9110 §5.1) and not hop-by-hop or framing; a value may not hold CR, LF, NUL or other controls (§5.5), nor
 * characters beyond Latin-1 (obs-text is the most a field value may carry, and heads are written one byte each).
 */
export function validateHeaderRules(rules: readonly HeaderRule[]): { rules: HeaderRule[]; problems: string[] } {
  const kept: HeaderRule[] = [];
  const problems: string[] = [];
  for (const rule of rules) {
    const label = `header "${rule.name}" for "${rule.glob}"`;
    if (!TOKEN.test(rule.name)) {
      problems.push(`${label}: the name is not a valid header name`);
    } else if (RESERVED_HEADER_NAMES.has(rule.name.toLowerCase())) {
      problems.push(`${label}: ${rule.name} is set by the server itself (framing or hop-by-hop) and cannot be overridden`);
    // eslint-disable-next-line no-control-regex -- finding control characters is the point
    } else if (/[\x00-\x08\x0a-\x1f\x7f]/.test(rule.value)) {
      problems.push(`${label}: the value contains CR, LF, NUL or another control character`);
    } else if (/[\u0100-\uFFFF]/.test(rule.value)) {
      // Heads go out as latin1, one byte per character: "\u010D\u010A" would be written as CR LF, ending the line
      // and injecting header lines of the value's choosing (response splitting, RFC 9112 §11.1).
      problems.push(`${label}: the value contains characters beyond Latin-1, which cannot be sent as they are`);
    } else if (rule.glob.trim() === '') {
      problems.push(`${label}: the path glob is empty`);
    } else {
      kept.push({ glob: rule.glob.trim(), name: rule.name, value: rule.value.trim() });
    }
  }
  return { rules: kept, problems };
}

/** '' (off) or a URL path such as "/index.html"; returns a problem text for anything else. */
export function checkSpaFallback(value: string): string | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  if (value === '' || (value.startsWith('/') && !value.startsWith('//') && !/[\x00-\x20\x7f?#\\]/.test(value))) {
    return undefined;
  }
  return `SPA fallback "${value}" must be a path on the server starting with "/", such as "/index.html" (or empty for off)`;
}

/**
 * A capture answer's status: a final status (RFC 9110 §15: 1xx are interim, 101 hands the socket over) that can
 * carry the configured body; a problem text otherwise.
 */
export function checkCaptureStatus(status: number): string | undefined {
  return Number.isInteger(status) && status >= 200 && status <= 599
    ? undefined : `capture status must be a whole number from 200 to 599, not "${status}"`;
}

export function isCorpValue(value: string): value is CorpValue {
  return (CORP_VALUES as readonly string[]).includes(value);
}

/** Fills in every default: the root is made absolute. */
export function resolveOptions(input: ServerOptionsInput, resolvePath: (root: string) => string = (root) => root): ServerOptions {
  return {
    root: resolvePath(input.root),
    host: input.host ?? DEFAULT_OPTIONS.host,
    port: input.port ?? DEFAULT_OPTIONS.port,
    policy: { ...DEFAULT_POLICY, ...input.policy },
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    logBodyBytes: input.logBodyBytes ?? DEFAULT_OPTIONS.logBodyBytes,
    externalAuthorities: input.externalAuthorities ?? [],
    spaFallback: input.spaFallback ?? DEFAULT_OPTIONS.spaFallback,
    headers: input.headers ?? [],
    liveReload: input.liveReload ?? DEFAULT_OPTIONS.liveReload,
    capture: (input.capture ?? []).map((glob) => glob.trim()).filter((glob) => glob !== ''),
    captureMaxBodyBytes: input.captureMaxBodyBytes ?? DEFAULT_OPTIONS.captureMaxBodyBytes,
    captureStatus: input.captureStatus ?? DEFAULT_OPTIONS.captureStatus,
    captureBody: input.captureBody ?? DEFAULT_OPTIONS.captureBody,
  };
}
