// Directory listing for a folder without an index file: reads entries asynchronously (a large folder must not
// block other clients), hides what the policy refuses and symlinks that lead outside the root.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { directoryListing, type ListingEntry } from '../http/html';
import { isInside } from './paths';
import type { PathPolicy } from './pathPolicy';

/** Beyond this many entries the listing is cut (with a note), so one huge folder cannot stall the server. */
const MAX_LISTED = 5000;

export async function renderListing(fullPath: string, urlPath: string, rootReal: string, pathPolicy: PathPolicy): Promise<string> {
  const atRoot = urlPath === '/';
  const dirents = await fs.promises.readdir(fullPath, { withFileTypes: true });
  const visible = dirents.filter((dirent) => pathPolicy.isListable(dirent.name, atRoot)).slice(0, MAX_LISTED);
  const entries = await Promise.all(visible.map((dirent) => describe(path.join(fullPath, dirent.name), dirent, rootReal)));
  const listed = entries.filter((entry): entry is ListingEntry => entry !== undefined);
  const omitted = dirents.length > MAX_LISTED ? dirents.length - MAX_LISTED : 0;
  return directoryListing(urlPath, listed, omitted);
}

async function describe(entryPath: string, dirent: fs.Dirent, rootReal: string): Promise<ListingEntry | undefined> {
  try {
    if (dirent.isSymbolicLink() && !isInside(rootReal, await fs.promises.realpath(entryPath))) {
      return undefined;
    }
    const stat = await fs.promises.stat(entryPath);
    if (!stat.isFile() && !stat.isDirectory()) {
      return undefined;
    }
    return { name: dirent.name, isDirectory: stat.isDirectory(), size: stat.size, mtimeMs: stat.mtimeMs };
  } catch {
    return undefined; // vanished or a dangling link: not worth a row
  }
}
