// Suite "listing" (run by runListing.ts with the packaged .vsix installed): the extension's details page and its
// section of the Settings UI, screenshotted through the UI bridge for a person to look at.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, sleep } from './helpers';
import { bridge, requireBridge } from './uiBridge';

const shots = process.env.RAW_HTTP_LISTING_SHOTS ?? '';

describe('the packaged listing (installed .vsix)', function () {
  this.timeout(60_000);
  before(function () {
    if (!requireBridge()) {
      this.skip();
    }
  });

  it('is installed from the .vsix, not loaded from the repository', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, 'installed');
    assert.ok(!extension.extensionPath.startsWith(path.resolve(__dirname, '../../..')), extension.extensionPath);
  });

  it('shows the details page (README with its images)', async () => {
    await vscode.commands.executeCommand('extension.open', EXTENSION_ID);
    await sleep(4_000);
    await bridge('screenshot', { path: path.join(shots, 'details.png') });
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows the settings section', async () => {
    await vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${EXTENSION_ID}`);
    await sleep(3_000);
    await bridge('screenshot', { path: path.join(shots, 'settings.png') });
    await vscode.commands.executeCommand('workbench.action.openSettings', 'rawHttpServer.port');
    await sleep(2_000);
    await bridge('screenshot', { path: path.join(shots, 'settings-search.png') });
  });
});
