// Suite "folder": the palette commands stop and start the server for real (port refused / accepted), twice is
// harmless with a clear message, stop closes keep-alive connections at once, a busy port falls back.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import { closeServer, getApi, isListening, occupy, rawExchange, TEST_PORT, waitFor } from './helpers';

async function run(command: string): Promise<void> {
  await vscode.commands.executeCommand(command);
  await (await getApi()).idle();
}

describe('commands (folder workspace)', () => {
  afterEach(async () => {
    const api = await getApi();
    if (!api.running) {
      await run('rawHttpServer.start');
    }
    await waitFor(() => api.running && api.port === TEST_PORT, 10_000, 'the server back on the test port');
  });

  it('Stop frees the port; Start listens on it again', async () => {
    const api = await getApi();
    await run('rawHttpServer.stop');
    assert.equal(api.state, 'off');
    assert.equal(await isListening(TEST_PORT), false, 'port still accepts connections after Stop');
    assert.equal(api.statusText.text, '$(server) Raw HTTP');
    assert.ok(api.statusText.tooltip.includes('Start](command:rawHttpServer.start '), api.statusText.tooltip);
    await run('rawHttpServer.start');
    assert.equal(api.state, 'running');
    assert.equal(await isListening(TEST_PORT), true);
  });

  it('Start while running and Stop while stopped are harmless and say so', async () => {
    const api = await getApi();
    await run('rawHttpServer.start');
    assert.match(api.lastMessage ?? '', /already running/);
    assert.equal(api.port, TEST_PORT);
    await run('rawHttpServer.stop');
    await run('rawHttpServer.stop');
    assert.match(api.lastMessage ?? '', /not running/);
  });

  it('toggle (the status bar command) stops and starts', async () => {
    const api = await getApi();
    await run('rawHttpServer.toggle');
    assert.equal(api.state, 'off');
    await run('rawHttpServer.toggle');
    assert.equal(api.state, 'running');
  });

  it('Stop closes open keep-alive connections, so the port is free at once', async () => {
    const socket = net.createConnection({ host: '127.0.0.1', port: TEST_PORT });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    const firstResponse = new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.write(`GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n\r\n`);
    await firstResponse;
    await run('rawHttpServer.stop');
    await closed;
    await closeServer(await occupy(TEST_PORT)); // throws EADDRINUSE if anything still holds it
  });

  it('falls back to the next free port when the configured one is busy, without touching the setting', async () => {
    const api = await getApi();
    await run('rawHttpServer.stop');
    const blocker = await occupy(TEST_PORT);
    try {
      await run('rawHttpServer.start');
      assert.equal(api.state, 'running');
      assert.notEqual(api.port, TEST_PORT);
      assert.equal(api.details.fellBack, true);
      assert.match(api.statusText.tooltip, new RegExp(`Port ${TEST_PORT} was busy, so ${api.port} is used`));
      assert.ok(api.lastLogLines().some((line) => line.includes(`Port ${TEST_PORT} busy → using ${api.port}`)));
      assert.equal(vscode.workspace.getConfiguration('rawHttpServer').get('port'), TEST_PORT);
      const moved = api.notifications().filter((item) => item.message.startsWith(`Port ${TEST_PORT} is busy`));
      assert.equal(moved.length, 1, 'one notification about the busy port');
      assert.match(moved[0].message, new RegExp(`uses port ${api.port} \\(the rawHttpServer\\.port setting is unchanged\\)`));
      const response = await rawExchange(api.port!, `GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:${api.port}\r\nConnection: close\r\n\r\n`);
      assert.match(response.toString('latin1'), /^HTTP\/1\.1 200 /);
      await run('rawHttpServer.stop');
    } finally {
      await closeServer(blocker);
    }
  });

  it('Open in Browser starts a stopped server and opens the URL asExternalUri maps it to', async () => {
    const api = await getApi();
    await run('rawHttpServer.stop');
    await run('rawHttpServer.openInBrowser');
    assert.equal(api.state, 'running');
    assert.equal(api.port, TEST_PORT);
    // openExternal itself is unobservable in a remote window (it resolves true and opens nothing we can see):
    // the URL handed to it is what the extension decides.
    const expected = (await vscode.env.asExternalUri(vscode.Uri.parse(`http://127.0.0.1:${TEST_PORT}/`))).toString(true);
    assert.equal(api.lastOpenedUrl, expected);
  });

  it('a second busy-port fallback for the same port does not notify again', async () => {
    const api = await getApi();
    await run('rawHttpServer.stop');
    const blocker = await occupy(TEST_PORT);
    try {
      await run('rawHttpServer.start');
      assert.equal(api.details.fellBack, true);
      assert.equal(api.notifications().filter((item) => item.message.startsWith(`Port ${TEST_PORT} is busy`)).length, 1);
      assert.match(api.statusText.tooltip, new RegExp(`Port ${TEST_PORT} was busy`));
      await run('rawHttpServer.stop');
    } finally {
      await closeServer(blocker);
    }
  });

  it('Copy URL puts the URL VS Code maps the server to on the clipboard', async () => {
    const api = await getApi();
    await run('rawHttpServer.copyUrl');
    const copied = await vscode.env.clipboard.readText();
    const expected = (await vscode.env.asExternalUri(vscode.Uri.parse(api.url!))).toString(true);
    assert.equal(copied, expected);
    assert.equal(api.details.externalUrl, expected);
  });
});
