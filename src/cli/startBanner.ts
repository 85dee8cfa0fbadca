// The lines the CLI prints once listening. The first is the contract scripts read, "Serving DIR at URL", with a
// URL a browser on this machine can open (a wildcard bind is reached through loopback); a bind beyond loopback
// adds one line per address other devices can use, IPv4 first (the exposure warning goes to stderr separately).

import type * as os from 'node:os';
import { reachableUrls } from '../core';

export interface StartBanner {
  /** The URL to open on this machine (--open). */
  localUrl: string;
  /** The lines to print, each without its newline. */
  lines: string[];
}

export function startBanner(dirShown: string, address: string, port: number,
  interfaces?: NodeJS.Dict<os.NetworkInterfaceInfo[]>): StartBanner {
  const urls = interfaces === undefined ? reachableUrls(address, port) : reachableUrls(address, port, interfaces);
  const lines = [`Serving ${dirShown} at ${urls.local}`];
  for (const url of urls.network) {
    if (url !== urls.local) {
      lines.push(`  on your network: ${url}`);
    }
  }
  return { localUrl: urls.local, lines };
}
