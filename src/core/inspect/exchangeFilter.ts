// The inspector's filter: one line a person types ("4xx POST /api/** token") read as a predicate over
// ExchangeRecords. Words of one kind are alternatives (4xx 5xx: either class), kinds narrow each other (4xx POST:
// both). Kinds: a status class (2xx) or status (404), a method (an upper-case token such as GET, or method:PURGE),
// a path (starts with "/": a prefix, or a glob with * and **), and free text (case-insensitive, every word must
// occur in the request line, the why, the notes or the raw head). "-word" excludes. Pure: no sockets, no files.

import type { ExchangeRecord } from '../events';
import { compilePathGlob } from '../http/pathGlob';

export interface ExchangeFilter {
  /** The filter as typed, trimmed ("" matches everything). */
  readonly source: string;
  matches(record: ExchangeRecord): boolean;
  /** Words that were read as something other than the person probably meant, e.g. "600 is not a status". */
  readonly problems: string[];
}

const COMMON_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'CONNECT', 'TRACE']);

type Test = (record: ExchangeRecord, text: () => string) => boolean;

/** Splits on whitespace; "double quotes" keep a phrase with spaces as one word. */
function words(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/(-?)"([^"]*)"?|(\S+)/g)) {
    const word = match[3] ?? `${match[1]}${match[2]}`;
    if (word !== '' && word !== '-') {
      found.push(word);
    }
  }
  return found;
}

/** The path of a target: origin-form without the query; an absolute-form target's path. */
function pathOf(target: string | undefined): string {
  const raw = target ?? '';
  const withoutOrigin = /^https?:\/\/[^/?#]*/i.test(raw) ? raw.replace(/^https?:\/\/[^/?#]*/i, '') || '/' : raw;
  return withoutOrigin.split(/[?#]/, 1)[0];
}

function pathTest(word: string): Test {
  if (!word.includes('*')) {
    return (record) => pathOf(record.target).startsWith(word);
  }
  const glob = compilePathGlob(word);
  return (record) => glob.matches(pathOf(record.target).split('/').filter((segment) => segment !== ''));
}

function statusTest(word: string, problems: string[]): Test | undefined {
  const klass = /^([1-5])xx$/i.exec(word);
  if (klass) {
    const hundreds = Number(klass[1]);
    return (record) => Math.floor(record.status / 100) === hundreds;
  }
  if (/^\d{3}$/.test(word)) {
    const status = Number(word);
    if (status < 100 || status > 599) {
      problems.push(`${word} is not an HTTP status (100–599): read as text`);
      return undefined;
    }
    return (record) => record.status === status;
  }
  return undefined;
}

function methodTest(word: string): Test | undefined {
  const explicit = /^method:(\S+)$/i.exec(word);
  const method = explicit ? explicit[1] : COMMON_METHODS.has(word) ? word : undefined;
  return method === undefined ? undefined : (record) => record.method === method;
}

/** Built once per record (records do not change): a view re-filters its whole list on every refresh. */
const searchable = new WeakMap<ExchangeRecord, string>();

/** Everything free text is matched against, lower-cased. */
function searchableText(record: ExchangeRecord): string {
  let text = searchable.get(record);
  if (text === undefined) {
    text = buildSearchableText(record);
    searchable.set(record, text);
  }
  return text;
}

function buildSearchableText(record: ExchangeRecord): string {
  return [record.method ?? '', record.target ?? '', String(record.status || ''), record.reason ?? '',
    record.servedInstead ?? '', ...(record.notes ?? []), record.client, record.rawHead.toString('latin1')].join('\n').toLowerCase();
}

export function parseExchangeFilter(source: string): ExchangeFilter {
  const problems: string[] = [];
  const statuses: Test[] = [];
  const methods: Test[] = [];
  const paths: Test[] = [];
  const texts: Test[] = [];
  const excluded: Test[] = [];
  for (const word of words(source)) {
    const negated = word.length > 1 && word.startsWith('-');
    const body = negated ? word.slice(1) : word;
    const asText: Test = (_record, text) => text().includes(body.toLowerCase());
    const [kind, test] = ((): [Test[], Test] => {
      const status = statusTest(body, problems);
      if (status) {
        return [statuses, status];
      }
      const method = methodTest(body);
      if (method) {
        return [methods, method];
      }
      return body.startsWith('/') ? [paths, pathTest(body)] : [texts, asText];
    })();
    (negated ? excluded : kind).push(test);
  }
  const anyOf = (tests: Test[], record: ExchangeRecord, text: () => string): boolean =>
    tests.length === 0 || tests.some((test) => test(record, text));
  return {
    source: source.trim(),
    problems,
    matches(record) {
      let cached: string | undefined;
      const text = (): string => (cached ??= searchableText(record));
      return anyOf(statuses, record, text) && anyOf(methods, record, text) && anyOf(paths, record, text)
        && texts.every((test) => test(record, text)) && !excluded.some((test) => test(record, text));
    },
  };
}
