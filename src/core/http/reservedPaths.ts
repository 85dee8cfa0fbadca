// The URL paths the server answers itself for live reload, whatever the served folder holds. Shared by the HTML
// injection (files/) and the live-reload responder (routes/), which may not import each other. Pure data.

/** Every path under this prefix is the server's own; the folder's files there are never served. */
export const RESERVED_PREFIX = '/__raw-http/';
/** The browser client, referenced by the `<script>` injected into HTML answers. */
export const LIVE_SCRIPT_PATH = `${RESERVED_PREFIX}live.js`;
/** The WebSocket endpoint of the live channel (same port, RFC 6455 §4.1). */
export const LIVE_SOCKET_PATH = `${RESERVED_PREFIX}socket`;
