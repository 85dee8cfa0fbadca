// Security policy decisions that do not touch the file system: which Host values may reach the server
// (DNS-rebinding defence) and which path segments are never served (dotfiles, secrets). Compiled once per server.

import * as net from 'node:net';
import * as os from 'node:os';
import type { SecurityPolicy } from './types';

export type Verdict = { allowed: true } | { allowed: false; status: number; reason: string };

const ALLOWED: Verdict = { allowed: true };

export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare.endsWith('.localhost')) {
    return true;
  }
  if (net.isIPv4(bare)) {
    return bare.startsWith('127.');
  }
  return net.isIPv6(bare) && (bare === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./i.test(bare));
}

/** Splits a Host value into a lower-case hostname (IPv6 kept in brackets) and a port; undefined if malformed. */
export function splitHost(value: string): { hostname: string; port: string } | undefined {
  // DNS names and IP literals only: RFC 3986 also allows sub-delims (",", ";", …) in a reg-name, but no browser sends
  // them, and "evil.com,.localhost" must not pass the ".localhost" suffix test.
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]*)(?::(\d{0,5}))?$/.exec(value);
  if (!match || match[1] === '') {
    return undefined;
  }
  const hostname = match[1].toLowerCase();
  if (hostname.startsWith('[') && !net.isIPv6(hostname.slice(1, -1))) {
    return undefined;
  }
  return { hostname, port: match[2] ?? '' };
}

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
      return { allowed: false, status: 400, reason: `malformed Host "${hostValue}" → 400` };
    }
    if (this.isAllowedName(host.hostname, host.port)) {
      return ALLOWED;
    }
    return {
      allowed: false, status: 403,
      reason: `Host "${hostValue}" is not allowed (DNS-rebinding defence; add it to allowedHosts) → 403`,
    };
  }

  private isAllowedName(hostname: string, port: string): boolean {
    if (isLoopbackHost(hostname)) {
      return true;
    }
    const bare = hostname.startsWith('[') ? hostname.slice(1, -1) : hostname;
    // An IP literal cannot be rebound by DNS; on a network bind it is how other machines reach us.
    if (!this.boundToLoopback && net.isIP(bare) !== 0) {
      return true;
    }
    if (this.exact.has(hostname) || (port !== '' && this.exact.has(`${hostname}:${port}`))) {
      return true;
    }
    return this.suffixes.some((suffix) => hostname.endsWith(suffix));
  }
}

/** Turns a glob ("*" and "?" wildcards) into an anchored, case-insensitive regular expression. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Which decoded path segments are never served nor listed. */
export class PathPolicy {
  private readonly denyPatterns: Array<{ glob: string; regexp: RegExp }>;

  constructor(private readonly policy: SecurityPolicy) {
    this.denyPatterns = policy.deny.filter((glob) => glob.trim() !== '')
      .map((glob) => ({ glob, regexp: globToRegExp(glob.trim()) }));
  }

  /** Checks every segment of a path relative to the root. */
  check(segments: readonly string[]): Verdict {
    for (let index = 0; index < segments.length; index++) {
      const reason = this.refusalFor(segments[index], index === 0);
      if (reason) {
        return { allowed: false, status: 404, reason };
      }
    }
    return ALLOWED;
  }

  /** Whether a directory entry may be listed (same rules as serving it). */
  isListable(name: string, atRoot: boolean): boolean {
    return this.refusalFor(name, atRoot) === undefined;
  }

  private refusalFor(segment: string, atRoot: boolean): string | undefined {
    if (!this.policy.serveDotfiles && segment.charCodeAt(0) === 46 /* . */ && !(atRoot && segment === '.well-known')) {
      return `dotfile "${segment}" refused (serveDotfiles is off) → 404`;
    }
    for (const { glob, regexp } of this.denyPatterns) {
      if (regexp.test(segment)) {
        return `"${segment}" matches deny pattern "${glob}" → 404`;
      }
    }
    return undefined;
  }
}
