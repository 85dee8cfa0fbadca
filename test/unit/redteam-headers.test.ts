// Red-team finding: a --header value with characters beyond Latin-1 passed validation, and heads are written as
// latin1 (one byte per character), so "\u010D\u010A" went out as CR LF: response splitting from a header rule.

import * as assert from 'node:assert/strict';
import { validateHeaderRules } from '../../src/core/options';
import { rawExchange, startServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const SPLITTING_VALUE = 'a\u010D\u010ASet-Cookie: injected=1';

describe('red team: header rules cannot split the response', () => {
  it('validateHeaderRules refuses a value with characters beyond Latin-1 and keeps Latin-1 ones', () => {
    const checked = validateHeaderRules([
      { glob: '**', name: 'X-Split', value: SPLITTING_VALUE },
      { glob: '**', name: 'X-Latin', value: 'caf\u00e9' },
    ]);
    assert.deepEqual(checked.rules.map((rule) => rule.name), ['X-Latin']);
    assert.equal(checked.problems.length, 1);
    assert.match(checked.problems[0], /X-Split.*beyond Latin-1/);
  });

  it('a server given the rule directly (no front-end validation) never sends the injected line', async () => {
    const tree = makeTree({ 'ok.txt': 'ok\n' }, 'raw-http-redteam-headers-');
    const srv = await startServer({ root: tree.dir, headers: [{ glob: '**', name: 'X-Split', value: SPLITTING_VALUE }] });
    try {
      const { bytes } = await rawExchange(srv.port, 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      const head = bytes.toString('latin1', 0, bytes.indexOf('\r\n\r\n'));
      assert.match(head, /^HTTP\/1\.1 200 OK\r\n/);
      assert.ok(!head.includes('\r\nSet-Cookie'), head);
      assert.ok(!head.includes('X-Split'), head);
    } finally {
      await srv.close();
      tree.cleanup();
    }
  });
});
