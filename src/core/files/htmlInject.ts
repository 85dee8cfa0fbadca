// Puts the live-reload client's <script> into an HTML answer, where a browser would run it last: before the last
// </body> that is real markup (not inside a comment, a raw-text or RCDATA element, or a <template>), else before
// the last such </html>, else at the end. Works on the bytes as latin1 (one char per byte), so any encoding that
// is ASCII-compatible passes through byte for byte, and a UTF-8 BOM stays first. Pure: no file system here.

import { LIVE_SCRIPT_PATH } from '../http/reservedPaths';

export type InjectionPlacement = 'before </body>' | 'before </html>' | 'appended' | 'skipped (UTF-16)';

export interface Injection {
  body: Buffer;
  placement: InjectionPlacement;
}

/**
 * Elements whose content is text up to their end tag (HTML Living Standard §13.1.2.6: script and style are raw
 * text, textarea and title escapable raw text), so a "</body>" in them is not markup.
 */
const TEXT_ELEMENTS = new Set(['script', 'style', 'textarea', 'title']);
/** Comments, and the start or end tags the scan cares about, when followed by what ends a tag name. */
const MARKUP = /<!--|<(\/?)(script|style|textarea|title|template|body|html)(?=[\t\n\f\r />])/gi;

/** Where the script goes: the byte offset, or undefined to append. */
function findPlacement(text: string): { at: number; placement: InjectionPlacement } | undefined {
  let lastBody = -1;
  let lastHtml = -1;
  let templateDepth = 0;
  MARKUP.lastIndex = 0;
  for (let match = MARKUP.exec(text); match !== null; match = MARKUP.exec(text)) {
    if (match[0] === '<!--') {
      MARKUP.lastIndex = commentEnd(text, match.index);
      if (MARKUP.lastIndex === -1) {
        break; // An unclosed comment runs to the end of the document.
      }
      continue;
    }
    const closing = match[1] === '/';
    const name = match[2].toLowerCase();
    if (!closing && TEXT_ELEMENTS.has(name)) {
      const endTag = new RegExp(`</${name}(?=[\\t\\n\\f\\r />])`, 'gi');
      endTag.lastIndex = MARKUP.lastIndex;
      if (endTag.exec(text) === null) {
        break; // Unclosed: the rest of the document is that element's text.
      }
      MARKUP.lastIndex = endTag.lastIndex;
    } else if (name === 'template') {
      // A template's content is inert markup; templates nest.
      templateDepth = closing ? Math.max(0, templateDepth - 1) : templateDepth + 1;
    } else if (closing && templateDepth === 0) {
      if (name === 'body') {
        lastBody = match.index;
      } else if (name === 'html') {
        lastHtml = match.index;
      }
    }
  }
  if (lastBody !== -1) {
    return { at: lastBody, placement: 'before </body>' };
  }
  return lastHtml !== -1 ? { at: lastHtml, placement: 'before </html>' } : undefined;
}

/** The offset after the comment that starts at `start`, or -1; "<!-->" and "<!--->" are closed at once (§13.2.5.44). */
function commentEnd(text: string, start: number): number {
  for (const abrupt of ['>', '->']) {
    if (text.startsWith(abrupt, start + 4)) {
      return start + 4 + abrupt.length;
    }
  }
  const end = text.indexOf('-->', start + 4);
  return end === -1 ? -1 : end + 3;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

/** Inserts `<script src="scriptSrc"></script>` (see the file comment for where). */
export function injectLiveClient(html: Buffer, scriptSrc: string): Injection {
  // UTF-16 (by its BOM) is not ASCII-compatible: ASCII markup would corrupt it, so it is served as it is.
  if (html.length >= 2 && ((html[0] === 0xff && html[1] === 0xfe) || (html[0] === 0xfe && html[1] === 0xff))) {
    return { body: html, placement: 'skipped (UTF-16)' };
  }
  const tag = Buffer.from(`<script src="${escapeAttribute(scriptSrc)}"></script>`, 'utf8');
  const found = findPlacement(html.toString('latin1'));
  if (found === undefined) {
    return { body: Buffer.concat([html, tag]), placement: 'appended' };
  }
  return { body: Buffer.concat([html.subarray(0, found.at), tag, html.subarray(found.at)]), placement: found.placement };
}

/**
 * The script's src relative to the page at `urlPath` (the request's path, not the file's: an SPA fallback answers
 * "/deep/route" with index.html), so it resolves through any path prefix a proxy adds (code-server's /proxy/PORT/).
 */
export function liveClientSrc(urlPath: string): string {
  const directoryDepth = urlPath.slice(0, urlPath.lastIndexOf('/') + 1).split('/').length - 2;
  return '../'.repeat(Math.max(0, directoryDepth)) + LIVE_SCRIPT_PATH.slice(1);
}

/**
 * The ETag of the injected answer: weak (the bytes differ from the file's; RFC 9110 §8.8.1), derived from the
 * file's tag so it changes with the file and is stable otherwise, and never equal to the plain file's tag.
 */
export function injectedEtag(fileEtag: string): string {
  const opaque = fileEtag.replace(/^W\//, '').replace(/^"|"$/g, '');
  return `W/"${opaque}-live"`;
}
