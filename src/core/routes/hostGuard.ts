// The Host allowlist (DNS-rebinding defence): which Host values may reach the server, given where it is bound.
// Compiled once per server; no file system, no sockets.

import { isIP } from 'node:net';
import * as os from 'node:os';
import { isLoopbackHost, splitHost } from '../http/authority';
import { errorReply } from '../http/reply';
import type { SecurityPolicy } from '../options';
import type { Answer, RequestContext, Responder } from '../server/responder';

export type Verdict = { allowed: true } | { allowed: false; status: number; reason: string };

const ALLOWED: Verdict = { allowed: true };

/** Decides whether a Host value may reach this server, given where it is bound. */
export class HostAllowlist {
  private readonly exact = new Set<string>();
  private readonly suffixes: string[] = [];
  private allowAll = false;
  private readonly boundToLoopback: boolean;

  constructor(bindHost: string, policy: SecurityPolicy, externalAuthorities: string[]) {
    this.boundToLoopback = isLoopbackHost(bindHost);
    this.add(policy.allowedHosts);
    this.add(externalAuthorities);
    if (!this.boundToLoopback) {
      // Reached over the network by name: the machine's own name is expected, like any IP literal.
      const name = os.hostname().toLowerCase();
      this.add([name, `${name}.local`]);
    }
  }

  add(entries: string[]): void {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (entry === '*') {
        this.allowAll = true;
      } else if (entry.startsWith('*.')) {
        this.suffixes.push(entry.slice(1));
      } else if (entry !== '') {
        this.exact.add(entry);
      }
    }
  }

  check(hostValue: string | undefined): Verdict {
    if (hostValue === undefined || this.allowAll) {
      return ALLOWED; // HTTP/1.0 without Host: no name was used, so no name can have been rebound.
    }
    const host = splitHost(hostValue);
    if (!host) {
      return { allowed: false, status: 400, reason: `malformed Host "${hostValue}"` };
    }
    // Well-formed but not a DNS-style name or an IP literal (e.g. "0.0.0.0=5000", "x;.localhost"): a policy
    // refusal (403 with the explanation), never matched against loopback names, allowedHosts or "*.suffix".
    if (host.kind !== 'other' && this.isAllowedName(host.hostname, host.port)) {
      return ALLOWED;
    }
    return {
      allowed: false, status: 403,
      reason: `Host "${hostValue}" is not allowed (DNS-rebinding defence; add it to allowedHosts)`,
    };
  }

  private isAllowedName(hostname: string, port: string): boolean {
    if (isLoopbackHost(hostname)) {
      return true;
    }
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    // An IP literal cannot be rebound by DNS; on a network bind it is how other machines reach us.
    if (!this.boundToLoopback && isIP(bare) !== 0) {
      return true;
    }
    if (this.exact.has(hostname) || (port !== '' && this.exact.has(`${hostname}:${port}`))) {
      return true;
    }
    return this.suffixes.some((suffix) => hostname.endsWith(suffix));
  }
}


const HOST_CACHE_LIMIT = 256;
/** Cache key for a request without any Host (HTTP/1.0): never equal to a real value, not even an empty one. */
const NO_HOST = '\u0000no Host';

/**
 * The first responder: refuses requests addressed to a name that is not ours (403 with the explanation page) or
 * with a malformed Host (400), and passes the rest on. Verdicts are cached per Host value.
 */
export class HostGuard implements Responder {
  private hosts: HostAllowlist;
  private readonly verdicts = new Map<string, Verdict>();

  constructor(private readonly bindHost: string, private readonly policy: SecurityPolicy, externalAuthorities: string[]) {
    this.hosts = new HostAllowlist(bindHost, policy, externalAuthorities);
  }

  setExternalAuthorities(authorities: string[]): void {
    this.hosts = new HostAllowlist(this.bindHost, this.policy, authorities);
    this.verdicts.clear();
  }

  respond(context: RequestContext): Answer {
    const target = context.target;
    // RFC 9112 §3.2.2: an absolute-form target's authority replaces Host.
    const host = (target.ok ? target.target.authority : undefined) ?? context.head.host;
    const key = host ?? NO_HOST;
    let verdict = this.verdicts.get(key);
    if (verdict === undefined) {
      verdict = this.hosts.check(host);
      if (this.verdicts.size >= HOST_CACHE_LIMIT) {
        this.verdicts.clear();
      }
      this.verdicts.set(key, verdict);
    }
    if (verdict.allowed) {
      return undefined;
    }
    const detail = verdict.status === 403
      ? `This server only answers requests addressed to localhost, 127.0.0.1 or [::1], which protects your files from `
        + `DNS-rebinding attacks. To allow "${host}", add it to the allowedHosts setting (CLI: --allowed-hosts).`
      : `The Host header "${host}" is malformed.`;
    return errorReply(verdict.status, verdict.reason, detail);
  }
}
