// The request inspector's exporters: pure functions over ExchangeRecords (cURL, fetch, raw text, .http, HAR, the
// bytes to replay). They import only events, http/ and log/ (a lint rule): no sockets, no files.

export { toCurl } from './curl';
export { toFetch } from './fetch';
export { toHttpFile } from './httpFile';
export { toHar, type HarCreator, type HarOptions } from './har';
export { replayBytes, toRawRequest, type ReplayBytes } from './rawRequest';
export { shellQuote } from './shellQuote';
export { parseExchangeFilter, type ExchangeFilter } from './exchangeFilter';
export { explainExchange, toExchangeDocument, type ExchangeDocumentOptions } from './exchangeDocument';
export { hexDump } from './hexDump';
