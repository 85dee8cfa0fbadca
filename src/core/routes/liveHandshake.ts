// The live channel's opening handshake: the RFC 6455 §4.2.1 checks (websocket.ts), then the Origin check below,
// then the 101 that hands the socket over. Run it after the Host allowlist: comparing Origin with Host stops
// cross-site pages (CSWSH) but not DNS rebinding, where both name the attacker.

import type { Socket } from 'node:net';
import { errorReply, type Reply } from '../http/reply';
import { fieldValue, type RequestHead } from '../http/requestHead';
import { checkHandshake } from '../http/websocket';

/**
 * The answer to a request for the live socket: a refusal with its status, or a 101 whose body hands the socket
 * (and any bytes that came after the head) to `attach`.
 */
export function liveSocketReply(head: RequestHead, host: string | undefined, allowedAuthorities: ReadonlySet<string>,
  attach: (socket: Socket, leftover: Buffer) => void): Reply {
  const handshake = checkHandshake(head);
  if (!handshake.ok) {
    return errorReply(handshake.status, handshake.reason, undefined, handshake.fieldLines);
  }
  const refusal = originRefusal(fieldValue(head, 'origin'), host, allowedAuthorities);
  if (refusal !== undefined) {
    return errorReply(403, refusal);
  }
  return {
    status: 101,
    fieldLines: `Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${handshake.accept}\r\n`,
    body: { kind: 'upgrade', accept: attach },
    reason: 'live-reload channel opened',
  };
}

/**
 * RFC 6455 §10.2 (cross-site WebSocket hijacking): a browser always sends the page's Origin on a WebSocket
 * handshake, so only pages this server served (Origin authority = Host) or an allowed authority may connect.
 * No Origin means no browser: a tool that can send any handshake can fetch the files directly anyway, and the
 * Host allowlist has already judged the request, so refusing it would protect nothing.
 */
function originRefusal(origin: string | undefined, host: string | undefined,
  allowedAuthorities: ReadonlySet<string>): string | undefined {
  if (origin === undefined) {
    return undefined;
  }
  const match = /^(https?):\/\/([^/?#@]+)$/i.exec(origin.trim());
  if (!match) {
    return `Origin "${origin}" is not a page of this server`;
  }
  const scheme = match[1].toLowerCase();
  const originAuthority = withoutDefaultPort(match[2].toLowerCase(), scheme);
  const hostAuthority = host === undefined ? undefined : withoutDefaultPort(host.toLowerCase(), scheme);
  if (originAuthority === hostAuthority || allowedAuthorities.has(originAuthority)
    || allowedAuthorities.has(originAuthority.replace(/:\d+$/, ''))) {
    return undefined;
  }
  return `Origin "${origin}" is not a page of this server (cross-site WebSocket refused)`;
}

function withoutDefaultPort(authority: string, scheme: string): string {
  const defaultPort = scheme === 'https' ? ':443' : ':80';
  return authority.endsWith(defaultPort) ? authority.slice(0, -defaultPort.length) : authority;
}
