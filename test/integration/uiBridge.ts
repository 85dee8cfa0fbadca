// Client of the offline host's UI bridge (../shared/vscode-offline/README.md): drops a JSON request into
// $VSCODE_UI_BRIDGE_DIR and polls for the answer. Lets tests look at the workbench DOM as a user would.
import * as fs from 'node:fs';
import * as path from 'node:path';

let counter = 0;

export const bridgeDir = process.env.VSCODE_UI_BRIDGE_DIR;

/**
 * Whether a UI suite can run. Without the bridge it skips on a developer's desktop, but throws under CI: there the
 * tests run in the offline host, and a bridge that went missing must fail the run instead of skipping it silently.
 */
export function requireBridge(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.VSCODE_UI_BRIDGE_DIR) {
    return true;
  }
  if (env.CI) {
    throw new Error('UI bridge unavailable (VSCODE_UI_BRIDGE_DIR is not set) while CI is set: the UI suite must run in CI');
  }
  return false;
}

export async function bridge<T>(op: string, args: Record<string, unknown> = {}, clientTimeoutMs = 30_000): Promise<T> {
  if (!bridgeDir) {
    throw new Error('UI bridge unavailable (VSCODE_UI_BRIDGE_DIR is not set)');
  }
  const id = `${process.pid}-${Date.now()}-${counter++}`;
  const tmp = path.join(bridgeDir, `${id}.tmp`);
  fs.writeFileSync(tmp, JSON.stringify({ op, ...args }));
  fs.renameSync(tmp, path.join(bridgeDir, `${id}.req.json`));
  const answer = path.join(bridgeDir, `${id}.res.json`);
  const deadline = Date.now() + clientTimeoutMs;
  while (!fs.existsSync(answer)) {
    if (Date.now() > deadline) {
      throw new Error(`UI bridge op ${op}: no answer within ${clientTimeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const response = JSON.parse(fs.readFileSync(answer, 'utf8')) as { value?: T; error?: string };
  fs.rmSync(answer, { force: true });
  if (response.error !== undefined) {
    throw new Error(`UI bridge op ${op}: ${response.error}`);
  }
  return response.value as T;
}
