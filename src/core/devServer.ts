// The composition root: options → responder chain → server. RawHttpServer is the dev server the CLI and the
// extension run: the Host guard first, then live reload and capture mode when on, then any responders the front
// end adds (later a proxy), then the static files. The one place where routes/ and files/ meet the socket layer.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { errorReply } from './http/reply';
import { resolveOptions, type SecurityPolicy, type ServerOptionsInput } from './options';
import { Capture } from './routes/capture';
import { HostGuard } from './routes/hostGuard';
import { LiveReload } from './routes/liveReload';
import type { ContentOverlay } from './files/overlay';
import { RootWatcher } from './files/rootWatcher';
import { StaticFiles } from './files/staticFiles';
import { chain, type Responder } from './server/responder';
import { HttpServer } from './server/server';

export interface DevServerParts {
  /** Responders consulted after the Host guard (and live reload, capture mode) and before the static files. */
  responders?: Responder[];
  /**
   * Who reports file changes: 'self' (default) watches the root (rootWatcher.ts) for the cache, which then trusts
   * it for hot files, and for live reload when it is on; 'external' leaves it to the front end (VS Code's file
   * watcher), which calls fileChanged().
   */
  watcher?: 'self' | 'external';
}

/** Lines sent on every answer: CORS when opted in, CORP unless switched off (Fetch §3.3). */
export function policyLines(policy: SecurityPolicy): string {
  const cors = policy.cors ? 'Access-Control-Allow-Origin: *\r\n' : '';
  const corp = policy.crossOriginResourcePolicy === 'off' ? '' : `Cross-Origin-Resource-Policy: ${policy.crossOriginResourcePolicy}\r\n`;
  return cors + corp;
}

export class RawHttpServer extends HttpServer {
  private hostGuard: HostGuard | undefined;
  private staticFiles: StaticFiles | undefined;
  private watcher: RootWatcher | undefined;
  /** The live-reload channel, when live reload is on. */
  live: LiveReload | undefined;

  constructor(input: ServerOptionsInput, private readonly parts: DevServerParts = {}) {
    super(resolveOptions(input, (root) => path.resolve(root)));
  }

  /** The static files (cache and source), once listening: watchers invalidate through it. */
  get files(): StaticFiles | undefined {
    return this.staticFiles;
  }

  /** Authorities (host[:port]) a front end knows reach us, e.g. VS Code's asExternalUri; added to the allowlist. */
  setExternalAuthorities(authorities: string[]): void {
    this.options.externalAuthorities = [...authorities];
    this.hostGuard?.setExternalAuthorities(authorities);
    this.live?.setAllowedHosts([...this.options.policy.allowedHosts, ...authorities]);
  }

  /** Unsaved content served instead of the disk (the VS Code layer's dirty documents). */
  setOverlay(overlay: ContentOverlay | undefined): void {
    if (this.staticFiles) {
      this.staticFiles.overlay = overlay;
    }
  }

  /**
   * A file under the root changed (or a buffer over it did): drop what the cache holds for it and tell the live
   * pages, unless `notifyPages` is false (the pages already show these bytes: an unsaved buffer that was saved).
   * `fullPath` is absolute; paths outside the root are ignored.
   */
  fileChanged(fullPath: string, notifyPages = true): void {
    const files = this.staticFiles;
    if (!files) {
      return;
    }
    if (fullPath === files.rootReal || fullPath === this.options.root) {
      files.cache.clear(); // something changed in the root that the platform did not name
      return;
    }
    const relative = path.relative(this.options.root, fullPath);
    const realRelative = path.relative(files.rootReal, fullPath);
    const inside = [relative, realRelative].find((candidate) => candidate !== '' && !candidate.startsWith('..') && !path.isAbsolute(candidate));
    if (inside === undefined) {
      return;
    }
    files.cache.invalidate(path.join(files.rootReal, inside));
    files.cache.invalidate(fullPath);
    if (notifyPages) {
      this.live?.changed(['/' + inside.split(path.sep).join('/')]);
    }
  }

  async listen(): Promise<AddressInfo> {
    const rootReal = await this.checkRoot();
    this.hostGuard = new HostGuard(this.options.host, this.options.policy, this.options.externalAuthorities);
    this.staticFiles = new StaticFiles(this.options, rootReal);
    this.policyLines = policyLines(this.options.policy);
    const responders: Responder[] = [this.hostGuard];
    if (this.options.liveReload) {
      this.live = new LiveReload({ allowedHosts: [...this.options.policy.allowedHosts, ...this.options.externalAuthorities] });
      this.live.on('changed', (summary) => this.notice({ level: 'info', topic: 'live', message: summary.text }));
      const live = this.live;
      this.staticFiles.liveMarkLines = () => live.servedMarkLine();
      responders.push(this.live);
    }
    if ((this.parts.watcher ?? 'self') === 'self') {
      // Once every folder is watched, the cache serves hot files without a system call; a watcher that fails hands
      // back to revalidating every hit.
      const files = this.staticFiles;
      this.watcher = new RootWatcher(rootReal, files.pathPolicy, (fullPath) => this.fileChanged(fullPath), (message) => {
        files.cache.trustWatcher = false;
        this.notice({ level: 'warning', message });
      });
      this.watcher.start(() => {
        files.cache.trustWatcher = true;
      });
    }
    if (this.options.capture.length > 0) {
      const { capture, captureMaxBodyBytes, captureStatus, captureBody } = this.options;
      responders.push(new Capture({ globs: capture, maxBodyBytes: captureMaxBodyBytes, status: captureStatus, body: captureBody }));
    }
    const app = chain([...responders, ...(this.parts.responders ?? []), this.staticFiles], () => errorReply(404, 'no responder answered'));
    return this.listenWith(app);
  }

  override async close(): Promise<void> {
    this.watcher?.close();
    this.live?.close();
    await super.close();
    this.staticFiles?.cache.clear();
  }

  private async checkRoot(): Promise<string> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.options.root);
    } catch {
      throw Object.assign(new Error(`folder not found: ${this.options.root}`), { code: 'ENOENT' });
    }
    if (!stat.isDirectory()) {
      throw Object.assign(new Error(`not a folder: ${this.options.root}`), { code: 'ENOTDIR' });
    }
    return fs.promises.realpath(this.options.root);
  }
}
