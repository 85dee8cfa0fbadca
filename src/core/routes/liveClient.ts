// The live-reload browser client, served at LIVE_SCRIPT_PATH. Plain ES2017 in a string (no build step), inside
// one function so nothing leaks but the `__rawHttpLive` guard. Every URL is derived from the script's own URL, so
// it works through VS Code's port forwarding and behind a path proxy (code-server's /proxy/PORT/).
//
// Protocol (JSON text messages over the WebSocket at LIVE_SOCKET_PATH):
//   server → page: {"type":"hello","serverId":"…","changedMsAgo":N,"changeSeq":S}   once per connection; a new id
//                  means the server restarted; changedMsAgo and changeSeq (both absent before any change) say how
//                  long ago the latest change already sent to the open pages came, and its number, so a page
//                  requested before it reloads. The page's own number comes with its HTML answer:
//                  Server-Timing: raw-http-live;desc="<serverId>.<changes seen when the request came>".
//                  {"type":"reload"}
//                  {"type":"css","paths":["/css/site.css"]}   server-side paths of changed stylesheets
//   page → server: {"type":"page","path":"/docs/a.html","resources":["/css/site.css", …]}   after the hello
//                  {"type":"resources","paths":[…]}   resources loaded later (PerformanceObserver)

export const LIVE_CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  if (window.__rawHttpLive) { return; }
  window.__rawHttpLive = true;
  var script = document.currentScript;
  if (!script || !script.src) { return; }
  var scriptUrl = new URL(script.src);
  var marker = '__raw-http/live.js';
  var at = scriptUrl.pathname.lastIndexOf(marker);
  if (at < 0) { return; }
  // The browser-side root: where the served folder's "/" is, whatever prefix a proxy put in front.
  var root = scriptUrl.pathname.slice(0, at);
  var socketUrl = new URL('socket', scriptUrl);
  socketUrl.protocol = scriptUrl.protocol === 'https:' ? 'wss:' : 'ws:';
  socketUrl.search = '';
  socketUrl.hash = '';

  // A URL the server answered, as the server-side path ("/css/a.css"), or null for other origins and our own files.
  function serverPath(href) {
    var url;
    try { url = new URL(href, location.href); } catch (e) { return null; }
    if (url.origin !== scriptUrl.origin || url.pathname.indexOf(root) !== 0) { return null; }
    var path = '/' + url.pathname.slice(root.length);
    return path.indexOf('/__raw-http/') === 0 ? null : path;
  }
  function resourcePaths(entries) {
    var paths = [];
    for (var i = 0; i < entries.length; i++) {
      var path = serverPath(entries[i].name);
      if (path !== null && paths.indexOf(path) < 0) { paths.push(path); }
    }
    return paths;
  }

  var socket = null;
  var knownServerId = null;
  var delay = 500;
  var pending = [];
  var flushTimer = 0;
  function send(message) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(message)); }
  }
  if (typeof PerformanceObserver === 'function') {
    try {
      new PerformanceObserver(function (list) {
        pending = pending.concat(resourcePaths(list.getEntries()));
        if (!flushTimer) {
          flushTimer = setTimeout(function () {
            flushTimer = 0;
            if (pending.length) { send({ type: 'resources', paths: pending }); }
            pending = [];
          }, 100);
        }
      }).observe({ type: 'resource' });
    } catch (e) { /* no Resource Timing: the server reloads every page on any change */ }
  }

  function isStylesheet(link) {
    return (link.rel || '').toLowerCase().split(/\s+/).indexOf('stylesheet') >= 0 && !link.__rawHttpReplaced;
  }
  // Loads a cache-busted copy next to the link and removes the old one once it has loaded: no flash of unstyled page.
  function swap(link) {
    var copy = link.cloneNode(false);
    var url = new URL(link.href);
    url.searchParams.set('__raw_http_live', String(Date.now()));
    copy.href = url.href;
    link.__rawHttpReplaced = true;
    copy.onload = copy.onerror = function () { if (link.parentNode) { link.parentNode.removeChild(link); } };
    link.parentNode.insertBefore(copy, link.nextSibling);
  }
  function swapStyles(paths) {
    var links = Array.prototype.filter.call(document.getElementsByTagName('link'), isStylesheet);
    var matched = links.filter(function (link) { return paths.indexOf(serverPath(link.href)) >= 0; });
    // Nothing matched (an @import, a sheet added by script): refresh every stylesheet instead.
    (matched.length ? matched : links).forEach(swap);
  }

  // How long ago this document was requested, on the page's own clock; -1 when the browser cannot tell.
  function requestedMsAgo() {
    if (typeof performance !== 'object' || typeof performance.now !== 'function') { return -1; }
    var nav = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
    return performance.now() - (nav && nav.requestStart > 0 ? nav.requestStart : 0);
  }

  // The number of changes the server had seen when it took this document's request (LiveReload.servedMarkLine),
  // or null: no such Server-Timing (another server, an old browser, or not a secure context, where browsers hide
  // serverTiming).
  function servedMark() {
    var nav = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
    var timings = nav && nav.serverTiming ? nav.serverTiming : [];
    for (var i = 0; i < timings.length; i++) {
      var match = timings[i].name === 'raw-http-live' ? /^(.*)\.(\d+)$/.exec(timings[i].description) : null;
      if (match) {
        try { return { serverId: decodeURIComponent(match[1]), seq: Number(match[2]) }; } catch (e) { return null; }
      }
    }
    return null;
  }
  // Whether a change went out while this page loaded, before its socket was open. The clocks alone cannot say: the
  // server measures changedMsAgo when it sends the hello, the page its own age when it runs the handler, which a
  // busy page does tens of ms later, so a page requested just after the change (one reloaded by it) looks older
  // than the change and would reload a second time. The clock test never misses a stale page; the numbers (when
  // the page has them from this server) are exact, so they veto its false alarms. A browser that kept an old
  // Server-Timing across a 304 only loses the veto: it cannot loop.
  function missedChange(message) {
    if (typeof message.changedMsAgo !== 'number' || message.changedMsAgo >= requestedMsAgo()) { return false; }
    var mark = servedMark();
    return !(mark && mark.serverId === message.serverId && typeof message.changeSeq === 'number'
      && mark.seq >= message.changeSeq);
  }

  function onMessage(event) {
    var message;
    try { message = JSON.parse(event.data); } catch (e) { return; }
    if (message.type === 'hello') {
      if (knownServerId !== null && knownServerId !== message.serverId) {
        location.reload(); // The server restarted: files may have changed while we were away.
        return;
      }
      knownServerId = message.serverId;
      delay = 500;
      if (missedChange(message)) {
        location.reload(); // A change went out while this page loaded, before its socket was open.
        return;
      }
      var entries = performance.getEntriesByType ? performance.getEntriesByType('resource') : [];
      send({ type: 'page', path: serverPath(location.href) || '/', resources: resourcePaths(entries) });
    } else if (message.type === 'reload') {
      location.reload();
    } else if (message.type === 'css' && Array.isArray(message.paths)) {
      swapStyles(message.paths);
    }
  }

  function connect() {
    try { socket = new WebSocket(socketUrl.href); } catch (e) { retry(); return; }
    socket.onmessage = onMessage;
    socket.onclose = retry;
  }
  // Capped backoff; a server that is gone only costs a connection attempt every 10 s, never a reload.
  function retry() {
    socket = null;
    setTimeout(connect, delay);
    delay = Math.min(delay * 2, 10000);
  }
  connect();
})();
`;
