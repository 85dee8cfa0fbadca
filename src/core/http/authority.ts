// Host and authority syntax (RFC 9110 §7.2, RFC 3986 §3.2.2): splitting a Host value and recognising loopback
// names. Pure: used by the Host guard, the server's bind warning and the VS Code layer.

import { isIPv4, isIPv6 } from 'node:net';

export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (bare === 'localhost' || bare.endsWith('.localhost')) {
    return true;
  }
  if (isIPv4(bare)) {
    return bare.startsWith('127.');
  }
  return isIPv6(bare) && (bare === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(bare) || /^::ffff:127\./i.test(bare));
}

/**
 * What kind of name a well-formed host is. Only 'dns' names and IP literals can ever be allowed by policy: an
 * 'other' reg-name (sub-delims, "~", percent-encoding, IPvFuture) is valid syntax but no resolver would map it to
 * us, and "evil.com,.localhost" or "x;.localhost" must never pass a ".localhost" or "*.suffix" test.
 */
export type HostKind = 'ipv4' | 'ipv6' | 'dns' | 'other';

export interface HostParts {
  /** Lower-cased; an IPv6 (or IPvFuture) literal keeps its brackets. */
  hostname: string;
  /** The digits after ":", or "" when there is no port (or an empty one). */
  port: string;
  kind: HostKind;
}

// RFC 3986 §3.2.2: host = IP-literal / IPv4address / reg-name, then an optional ":" port (§3.2.3: *DIGIT).
// reg-name = *( unreserved / pct-encoded / sub-delims ), unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~",
// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "=" (an IPv4address is a reg-name too).
const REG_NAME = String.raw`(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})+`;
// IP-literal = "[" ( IPv6address / IPvFuture ) "]", IPvFuture = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
const IP_LITERAL = String.raw`\[(?:[0-9a-f:.]+|v[0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]`;
const HOST_SYNTAX = new RegExp(`^(${IP_LITERAL}|${REG_NAME})(?::(\\d*))?$`, 'i');
const DNS_STYLE = /^[a-z0-9._-]+$/;

/**
 * Splits a Host value (RFC 9110 §7.2: uri-host [ ":" port ]) into a lower-case hostname, a port and the kind of
 * name; undefined if it is not RFC 3986 syntax (spaces, bytes ≥ 0x80, controls, a bad IPv6 literal, an empty name).
 * Syntax only: whether the name may reach the server is the Host guard's decision.
 */
export function splitHost(value: string): HostParts | undefined {
  const match = HOST_SYNTAX.exec(value);
  if (!match) {
    return undefined;
  }
  const hostname = match[1].toLowerCase();
  const port = match[2] ?? '';
  if (hostname.startsWith('[v')) {
    return { hostname, port, kind: 'other' };
  }
  if (hostname.startsWith('[')) {
    return isIPv6(hostname.slice(1, -1)) ? { hostname, port, kind: 'ipv6' } : undefined;
  }
  if (isIPv4(hostname)) {
    return { hostname, port, kind: 'ipv4' };
  }
  return { hostname, port, kind: DNS_STYLE.test(hostname) ? 'dns' : 'other' };
}
