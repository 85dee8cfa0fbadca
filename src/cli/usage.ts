// The CLI's --help text. Every default it states is read from DEFAULT_* (core/options) or the log's defaults, so no
// number is typed twice; test/unit/defaults.test.ts checks the text against them.

import { CORP_VALUES, DEFAULT_LIMITS, DEFAULT_OPTIONS, DEFAULT_POLICY } from '../core/options';
import { DEFAULT_LOG_FORMAT } from '../core/log/logFormat';

/** The largest --log-body-bytes (the rawHttpServer.log.maxBodyBytes setting's maximum). */
export const MAX_LOG_BODY_BYTES = 1024 * 1024;
/** The largest --capture-max-body-bytes (the rawHttpServer.capture.maxBodyBytes setting's maximum). */
export const MAX_CAPTURE_BODY_BYTES = 64 * 1024 * 1024;

const deny = DEFAULT_POLICY.deny.join(',');
const corpOthers = CORP_VALUES.filter((value) => value !== DEFAULT_POLICY.crossOriginResourcePolicy).join(' | ');

export const USAGE = `Usage: raw-http-server [DIR] [options]

Serves DIR (default: the current folder) on raw sockets and prints every request exactly as received.

Options:
  -p, --port N           port to listen on (default ${DEFAULT_OPTIONS.port}; 0 = any free port)
  --host H               address to bind (default ${DEFAULT_OPTIONS.host}; use 0.0.0.0 or :: to expose on the network)
  --open                 open the default browser at the served URL
  --live                 reload open pages when served files change
  --spa PATH             answer missing extension-less page requests with PATH, e.g. /index.html (default: off)
  --header "Name: value" extra response header on every file (repeatable; a bad one is reported and skipped)
  --capture GLOB         capture mode on matching paths (repeatable; e.g. "*.php", "/hooks/**"): any method,
                         body kept, answered with a JSON echo of method, query, headers and form fields
  --capture-max-body-bytes N
                         largest captured body; over it 413 (default ${DEFAULT_OPTIONS.captureMaxBodyBytes})
  --capture-status N     status of capture answers (default ${DEFAULT_OPTIONS.captureStatus})
  --capture-body TEXT    body of capture answers instead of the echo (e.g. '{"ok":true}', or "" with 204)
  --har FILE             write every exchange to FILE as HAR 1.2 when stopped (the last 5000; secrets
                         redacted unless --log-secrets)
  --quiet                do not print requests
  --log-format F         full (summary line, raw request head, body preview) | summary (one line per request)
                         (default ${DEFAULT_LOG_FORMAT})
  --log-responses        also print every response head as sent, its lines marked "←"
  --log-secrets          show Cookie, Authorization and Proxy-Authorization values (default: redacted)
  --log-body-bytes N     body bytes printed per request (default ${DEFAULT_OPTIONS.logBodyBytes})
  --allowed-hosts LIST   extra Host names allowed (comma-separated; "*.example.test" wildcards; "*" = any)
  --serve-dotfiles       serve files and folders whose name starts with "."
  --deny LIST            names never served (comma-separated globs; default "${deny}"; "" = none)
  --cors                 send Access-Control-Allow-Origin: *
  --corp VALUE           Cross-Origin-Resource-Policy: ${DEFAULT_POLICY.crossOriginResourcePolicy} (default) | ${corpOthers}
  --max-connections N    open connections before new ones are refused (default ${DEFAULT_LIMITS.maxConnections})
  -h, --help             show this help
  -v, --version          show the version`;
