// The URLs a bound address can be reached at: the one a browser on this machine should open (a wildcard bind is
// reached through loopback) and, for a bind beyond loopback, one URL per interface address other devices can use.
// Shared by the CLI's start line and the VS Code tooltip.

import * as os from 'node:os';
import { isLoopbackHost } from '../http/authority';

export interface ReachableUrls {
  /** What a browser on this machine opens. */
  local: string;
  /** URLs for other devices (phones, other machines): empty when bound to loopback. IPv4 first. */
  network: string[];
}

function urlFor(address: string, port: number): string {
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}/`;
}

export function reachableUrls(address: string, port: number,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): ReachableUrls {
  const wildcard4 = address === '0.0.0.0';
  const wildcard6 = address === '::';
  const local = wildcard4 ? urlFor('127.0.0.1', port) : wildcard6 ? urlFor('::1', port) : urlFor(address, port);
  if (isLoopbackHost(address)) {
    return { local, network: [] };
  }
  if (!wildcard4 && !wildcard6) {
    return { local, network: [local] };
  }
  const found: Array<{ url: string; v4: boolean }> = [];
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      const v4 = info.family === 'IPv4';
      // A "::" bind also accepts IPv4 (dual stack); link-local IPv6 needs a zone id no browser URL carries.
      if (info.internal || (wildcard4 && !v4) || (!v4 && info.address.toLowerCase().startsWith('fe80:'))) {
        continue;
      }
      found.push({ url: urlFor(info.address, port), v4 });
    }
  }
  found.sort((a, b) => Number(b.v4) - Number(a.v4));
  return { local, network: [...new Set(found.map((entry) => entry.url))] };
}
