// The composition root: options → responder chain → server. RawHttpServer is the dev server the CLI and the
// extension run: the Host guard first, then any responders the front end adds (live reload, later a proxy), then
// the static files. The one place where routes/ and files/ meet the socket layer.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { errorReply } from './http/reply';
import { resolveOptions, type SecurityPolicy, type ServerOptionsInput } from './options';
import { HostGuard } from './routes/hostGuard';
import { StaticFiles } from './files/staticFiles';
import { chain, type Responder } from './server/responder';
import { HttpServer } from './server/server';

export interface DevServerParts {
  /** Responders consulted after the Host guard and before the static files. */
  responders?: Responder[];
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
  }

  async listen(): Promise<AddressInfo> {
    const rootReal = await this.checkRoot();
    this.hostGuard = new HostGuard(this.options.host, this.options.policy, this.options.externalAuthorities);
    this.staticFiles = new StaticFiles(this.options, rootReal);
    this.policyLines = policyLines(this.options.policy);
    const app = chain([this.hostGuard, ...(this.parts.responders ?? []), this.staticFiles],
      () => errorReply(404, 'no responder answered'));
    return this.listenWith(app);
  }

  override async close(): Promise<void> {
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
