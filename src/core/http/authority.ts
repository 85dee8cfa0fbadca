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

/** Splits a Host value into a lower-case hostname (IPv6 kept in brackets) and a port; undefined if malformed. */
export function splitHost(value: string): { hostname: string; port: string } | undefined {
  // DNS names and IP literals only: RFC 3986 also allows sub-delims (",", ";", …) in a reg-name, but no browser sends
  // them, and "evil.com,.localhost" must not pass the ".localhost" suffix test.
  const match = /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9._-]*)(?::(\d{0,5}))?$/.exec(value);
  if (!match || match[1] === '') {
    return undefined;
  }
  const hostname = match[1].toLowerCase();
  if (hostname.startsWith('[') && !isIPv6(hostname.slice(1, -1))) {
    return undefined;
  }
  return { hostname, port: match[2] ?? '' };
}

