// Suite "folder": the Output channel gets every request as received (summary line + raw head), malformed and
// refused requests included, control bytes made visible, floods capped; the channel's backing file holds the same
// bytes. Checked through the test API and through the channel's log file (byte-exact, unlike the DOM).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getApi, rawExchange, setSetting, sleep, TEST_PORT, waitFor } from './helpers';

async function loggedEntry(marker: string): Promise<string> {
  const api = await getApi();
  let found: string | undefined;
  await waitFor(() => (found = api.lastLoggedRequests().find((entry) => entry.includes(marker))) !== undefined, 10_000, `a log entry with ${marker}`);
  return found!;
}

/** Text of the "Raw HTTP Server" channel's backing file (internal layout: tests only, see vscode-offline README). */
function channelFileText(logsDir: string): string {
  const texts: string[] = [];
  for (const dir of fs.readdirSync(logsDir).filter((name) => name.startsWith('output_logging_'))) {
    for (const name of fs.readdirSync(path.join(logsDir, dir)).filter((file) => file.endsWith('Raw HTTP Server.log'))) {
      texts.push(fs.readFileSync(path.join(logsDir, dir, name), 'utf8'));
    }
  }
  return texts.join('');
}

describe('request log (folder workspace)', () => {
  it('writes a summary line and then the raw request head byte for byte', async () => {
    const marker = `m${Date.now()}`;
    const head = `GET /hello.txt?${marker} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nUser-Agent: raw-http-test\r\nX-Marker: ${marker}\r\nConnection: close\r\n\r\n`;
    await rawExchange(TEST_PORT, head);
    const entry = await loggedEntry(marker);
    const summary = entry.slice(0, entry.indexOf('\n'));
    assert.match(summary, /127\.0\.0\.1:\d+/, summary);
    assert.match(summary, /c\d+#1\b/, summary);
    assert.match(summary, / → 200\b/, summary);
    assert.ok(entry.includes(head.slice(0, -2)), `raw head not found verbatim in:\n${JSON.stringify(entry)}`);
  });

  it('puts the same bytes into the Output channel', async () => {
    const api = await getApi();
    const marker = `f${Date.now()}`;
    await rawExchange(TEST_PORT, `GET /?${marker} HTTP/1.1\r\nHost: localhost:${TEST_PORT}\r\nConnection: close\r\n\r\n`);
    const entry = await loggedEntry(marker);
    await waitFor(() => channelFileText(api.logsDir).includes(entry), 10_000, 'the entry in the channel\'s backing file');
  });

  it('escapes control and non-ASCII bytes so a request cannot forge log lines', async () => {
    const marker = `x${Date.now()}`;
    // A real header line that imitates a lifecycle line, and a bare LF that tries to start a summary line.
    const request = Buffer.concat([
      Buffer.from(`GET /?${marker} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n`, 'latin1'),
      Buffer.from('12:00:00.000 » [info] Started on http://evil.example/\r\n', 'utf8'),
      Buffer.from('X-Evil: a\x1b[31m\x00\xff\n12:00:00.000  1.2.3.4:5  c1#1  → 200 OK\r\nConnection: close\r\n\r\n', 'latin1'),
    ]);
    await rawExchange(TEST_PORT, request);
    const entry = await loggedEntry(marker);
    const controls = [...entry].filter((char) => (char < ' ' && char !== '\r' && char !== '\n' && char !== '\t') || char === '\x7f');
    assert.deepEqual(controls, [], `raw control bytes in ${JSON.stringify(entry)}`);
    assert.ok(entry.includes('a\\x1B[31m\\0\\xFF\\n12:00'), JSON.stringify(entry));
    const [, ...rawLines] = entry.split('\n');
    assert.ok(!rawLines.some((line) => line.includes('→') || line.includes('»')), `forged line in ${JSON.stringify(entry)}`);
  });

  // The spellings an outside review used to forge lines and write terminal escapes through reasons that quote the
  // decoded path, and C1 controls through a Host value: each must give exactly one summary line in the channel, with
  // no control byte, C1 control, forged "→" or "»" anywhere in the entry.
  const FORGERIES: Array<{ what: string; target: string; host?: string }> = [
    { what: 'a fake summary line', target: '/.x%0A12:34:56.789%20%20127.0.0.1:50000%20%20c1%231%20%20%E2%86%92%20200%20%20291%20B%20%200.20%20ms' },
    { what: 'a fake lifecycle line', target: '/.x%0A12:34:56.789%20%C2%BB%20[info]%20Stopped' },
    { what: 'an OSC 52 clipboard write', target: '/.x%1B]52;c;cHduZWQ=%07' },
    { what: 'an OSC 0 window title', target: '/.x%1B]0;owned%07' },
    { what: 'a bare CR', target: '/.aaaa%0Dfake' },
    { what: 'C1 controls in Host', target: '/hello.txt', host: 'a\x85\x9bb' },
  ];
  for (const { what, target, host } of FORGERIES) {
    it(`one summary line, nothing raw, for ${what}`, async () => {
      const marker = `forge${Date.now()}${Math.random().toString(36).slice(2, 6)}`;
      await rawExchange(TEST_PORT, Buffer.from(`GET ${target}?${marker} HTTP/1.1\r\nHost: ${host ?? `127.0.0.1:${TEST_PORT}`}\r\n`
        + `X-Marker: ${marker}\r\nConnection: close\r\n\r\n`, 'latin1'));
      const entry = await loggedEntry(marker);
      // eslint-disable-next-line no-control-regex -- the test looks for control characters
      const unsafe = entry.replace(/\r\n/g, '\n').match(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g);
      assert.equal(unsafe, null, `raw control characters in ${JSON.stringify(entry)}`);
      assert.equal(entry.split('→').length, 2, `exactly one arrow (the summary's) in ${JSON.stringify(entry)}`);
      assert.ok(!entry.includes('»'), `no lifecycle mark in ${JSON.stringify(entry)}`);
      assert.equal(entry.split('\n').filter((line) => /^\d\d:\d\d:\d\d\.\d{3} {2}/.test(line)).length, 1, JSON.stringify(entry));
    });
  }

  it('logs malformed and refused requests with their raw bytes and the reason', async () => {
    const marker = `bad${Date.now()}`;
    await rawExchange(TEST_PORT, `BLAH ${marker}\r\n\r\n`);
    const malformed = await loggedEntry(marker);
    assert.match(malformed.slice(0, malformed.indexOf('\n')), / → 400\b/);
    const rebinding = `reb${Date.now()}`;
    await rawExchange(TEST_PORT, `GET /?${rebinding} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`);
    const refused = await loggedEntry(rebinding);
    assert.match(refused.slice(0, refused.indexOf('\n')), / → 403\b/);
  });

  it('caps a flood with an "N requests not shown" line and keeps serving', async () => {
    const api = await getApi();
    await sleep(1_100); // a fresh one-second window
    const pipelined = `GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n\r\n`.repeat(80);
    const last = `GET /hello.txt HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nConnection: close\r\n\r\n`;
    const replies = await Promise.all([0, 1, 2, 3].map(() => rawExchange(TEST_PORT, pipelined + last)));
    for (const reply of replies) {
      assert.equal(reply.toString('latin1').match(/HTTP\/1\.1 200 /g)?.length, 81);
    }
    await waitFor(() => api.lastLogLines().some((line) => /\d+ requests not shown/.test(line)), 10_000, 'the rate-cap line');
  });

  it('log.format, log.showSecrets and log.responseHeads reach the formatter at once, without a restart', async () => {
    const api = await getApi();
    const port = api.port;
    assert.deepEqual(api.logFormatOptions, { maxBodyBytes: 1024, format: 'full', showSecrets: false, responseHeads: false });
    await setSetting(api, 'log.format', 'summary');
    await setSetting(api, 'log.showSecrets', true);
    await setSetting(api, 'log.responseHeads', true);
    try {
      assert.deepEqual(api.logFormatOptions, { maxBodyBytes: 1024, format: 'summary', showSecrets: true, responseHeads: true });
      await sleep(1_100); // a fresh rate-cap window: the flood test before this one may have used up the last one
      const marker = `sum${Date.now()}`;
      await rawExchange(TEST_PORT, `GET /hello.txt?${marker} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nConnection: close\r\n\r\n`);
      const entry = await loggedEntry(marker);
      assert.match(entry.slice(0, entry.indexOf('\n')), /c\d+#1\b.* → 200\b/, entry);
      assert.equal(api.port, port, 'a log setting must not restart the server');
    } finally {
      await setSetting(api, 'log.format', undefined);
      await setSetting(api, 'log.showSecrets', undefined);
      await setSetting(api, 'log.responseHeads', undefined);
    }
    assert.equal(api.logFormatOptions.format, 'full');
  });

  it('an unknown log.format is reported and the full format is used', async () => {
    const api = await getApi();
    await setSetting(api, 'log.format', 'verbose');
    try {
      assert.equal(api.logFormatOptions.format, 'full');
      await waitFor(() => api.notifications().some((item) => item.message.includes('rawHttpServer.log.format: "verbose" is not one of "full", "summary"; using "full" instead.')), 10_000, 'the report');
    } finally {
      await setSetting(api, 'log.format', undefined);
    }
  });

  it('rawHttpServer.log.enabled = false stops request logging without a restart', async () => {
    const api = await getApi();
    const port = api.port;
    await setSetting(api, 'log.enabled', false);
    try {
      const marker = `off${Date.now()}`;
      await rawExchange(TEST_PORT, `GET /?${marker} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nConnection: close\r\n\r\n`);
      await sleep(300);
      assert.ok(!api.lastLoggedRequests().some((entry) => entry.includes(marker)));
      assert.equal(api.port, port);
    } finally {
      await setSetting(api, 'log.enabled', undefined);
    }
  });
});

