// Where the live-reload <script> lands in an HTML answer (table-driven: every placement, tags in any case, markup
// hidden in comments, raw-text elements and templates), byte transparency (BOM, non-UTF-8 bytes), the relative src
// for a page path and the injected ETag.

import * as assert from 'node:assert/strict';
import { injectedEtag, injectLiveClient, liveClientSrc, type InjectionPlacement } from '../../src/core/files/htmlInject';

const SRC = '__raw-http/live.js';
const TAG = `<script src="${SRC}"></script>`;

describe('htmlInject: placement', () => {
  // [title, input, expected output with @ where the tag goes, placement]
  const cases: Array<[string, string, string, InjectionPlacement]> = [
    ['a full document', '<html><body><p>x</p></body></html>', '<html><body><p>x</p>@</body></html>', 'before </body>'],
    ['uppercase tags', '<HTML><BODY>x</BODY></HTML>', '<HTML><BODY>x@</BODY></HTML>', 'before </body>'],
    ['mixed case with a space', '<body>x</Body ></html>', '<body>x@</Body ></html>', 'before </body>'],
    ['the last of two </body>', '<body>a</body>b</body>', '<body>a</body>b@</body>', 'before </body>'],
    ['</body> in a trailing comment', '<body>x</body><!-- </body> -->', '<body>x@</body><!-- </body> -->', 'before </body>'],
    ['only </body> is in a comment', '<html><!-- </body> --></html>', '<html><!-- </body> -->@</html>', 'before </html>'],
    ['an abrupt empty comment', '<body><!-->x</body>', '<body><!-->x@</body>', 'before </body>'],
    ['</body> in a script', '<body>x</body><script>s="</body>"</script>', '<body>x@</body><script>s="</body>"</script>', 'before </body>'],
    ['</body> in an uppercase SCRIPT', '<body>x</body><SCRIPT>"</body>"</SCRIPT >', '<body>x@</body><SCRIPT>"</body>"</SCRIPT >', 'before </body>'],
    ['</body> in a style', '<body>x</body><style>/*</body>*/</style>', '<body>x@</body><style>/*</body>*/</style>', 'before </body>'],
    ['</body> in a textarea', '<body><textarea></body></textarea>y</body>', '<body><textarea></body></textarea>y@</body>', 'before </body>'],
    ['</body> in a template', '<body>x</body><template><div></div></body></template>', '<body>x@</body><template><div></div></body></template>', 'before </body>'],
    ['</body> in nested templates', '<body>x</body><template><template></template></body></template>',
      '<body>x@</body><template><template></template></body></template>', 'before </body>'],
    ['a script with attributes', '<script type="module">let a="</body>"</script></body>', '<script type="module">let a="</body>"</script>@</body>', 'before </body>'],
    ['<scripts> is not a script', '<scripts></body>', '<scripts>@</body>', 'before </body>'],
    ['</bodyx> is not </body>', '<html></bodyx></html>', '<html></bodyx>@</html>', 'before </html>'],
    ['no </body>, an </html>', '<html><p>x</html>', '<html><p>x@</html>', 'before </html>'],
    ['a fragment', '<p>hello</p>', '<p>hello</p>@', 'appended'],
    ['an empty file', '', '@', 'appended'],
    ['an unclosed comment hides the rest', '<body>x<!-- </body>', '<body>x<!-- </body>@', 'appended'],
    ['an unclosed script hides the rest', '<body><script></body>', '<body><script></body>@', 'appended'],
  ];
  for (const [title, input, expected, placement] of cases) {
    it(title, () => {
      const result = injectLiveClient(Buffer.from(input, 'latin1'), SRC);
      assert.equal(result.body.toString('latin1'), expected.replace('@', TAG));
      assert.equal(result.placement, placement);
    });
  }

  it('keeps a UTF-8 BOM first and multi-byte text intact', () => {
    const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<body>é €</body>', 'utf8')]);
    const { body } = injectLiveClient(input, SRC);
    assert.deepEqual([...body.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(body.subarray(3).toString('utf8'), `<body>é €${TAG}</body>`);
  });

  it('passes bytes that are not UTF-8 through untouched', () => {
    const latin1 = Buffer.from([0x3c, 0x70, 0x3e, 0xe9, 0xff, 0x80, 0x3c, 0x2f, 0x62, 0x6f, 0x64, 0x79, 0x3e]); // <p>é\xff\x80</body>
    const { body } = injectLiveClient(latin1, SRC);
    assert.deepEqual(body, Buffer.concat([latin1.subarray(0, 6), Buffer.from(TAG), latin1.subarray(6)]));
  });

  it('leaves a UTF-16 document alone', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<body></body>', 'utf16le')]);
    const result = injectLiveClient(utf16, SRC);
    assert.equal(result.placement, 'skipped (UTF-16)');
    assert.deepEqual(result.body, utf16);
  });

  it('escapes the src attribute', () => {
    assert.equal(injectLiveClient(Buffer.from(''), 'a"b&c').body.toString(), '<script src="a&quot;b&amp;c"></script>');
  });
});

describe('htmlInject: liveClientSrc and injectedEtag', () => {
  const srcs: Array<[string, string]> = [
    ['/', '__raw-http/live.js'],
    ['/index.html', '__raw-http/live.js'],
    ['/docs/', '../__raw-http/live.js'],
    ['/docs/a.html', '../__raw-http/live.js'],
    ['/a/b/c.html', '../../__raw-http/live.js'],
    ['/a/b/c/', '../../../__raw-http/live.js'],
  ];
  for (const [path, src] of srcs) {
    it(`${path} → ${src}`, () => {
      assert.equal(liveClientSrc(path), src);
      // The relative src resolves to the reserved path from the page, with or without a proxy prefix.
      for (const base of ['http://h', 'http://h/proxy/8000']) {
        assert.equal(new URL(src, `${base}${path}`).href, `${base}/__raw-http/live.js`);
      }
    });
  }

  it('gives a weak, stable ETag distinct from the file\'s', () => {
    assert.equal(injectedEtag('W/"1a-2b"'), 'W/"1a-2b-live"');
    assert.equal(injectedEtag('"1a-2b"'), 'W/"1a-2b-live"');
    assert.equal(injectedEtag('W/"1a-2b"'), injectedEtag('W/"1a-2b"'));
    assert.notEqual(injectedEtag('W/"1a-2b"'), 'W/"1a-2b"');
    assert.notEqual(injectedEtag('W/"1a-2b"'), injectedEtag('W/"1a-2c"'));
  });
});
