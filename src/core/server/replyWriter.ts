// Writes one reply to the socket: the head (assembled in http/head.ts, the one place), then the body — inline bytes
// corked with the head into one write (a stable body's whole response memoised, see assembledReplies.ts), or a file
// range or stream through a BodySender — or hands the socket over after a 101. Records what was sent on the exchange. HEAD answers carry no body (RFC 9110 §9.3.2).

import type * as net from 'node:net';
import { closeQuietly } from '../closeQuietly';
import { buildHead, ConnectionMode } from '../http/head';
import type { Reply } from '../http/reply';
import type { BufferPool } from './bufferPool';
import { assembledReply } from './assembledReplies';
import { FileRangeSender, StreamSender, type BodySender, type SendOutcome } from './bodySender';
import type { Exchange } from './exchange';

export type WriteResult =
  /** Everything was handed to the socket. */
  | { kind: 'sent' }
  /** A body sender is running; `onDone` follows. */
  | { kind: 'sending'; sender: BodySender }
  /** The socket belongs to the upgrade now. */
  | { kind: 'upgraded' };

export function writeReply(socket: net.Socket, exchange: Exchange, reply: Reply, mode: ConnectionMode, policyLines: string,
  pool: BufferPool, onDone: (outcome: SendOutcome) => void): WriteResult {
  const body = reply.body;
  if (body?.kind === 'bytes' && body.stable === true && body.bytes.length > 0 && exchange.head?.method !== 'HEAD') {
    return writeAssembled(socket, exchange, reply, body.bytes, mode, policyLines);
  }
  const upgrade = body?.kind === 'upgrade' && reply.status === 101;
  const head = buildHead(reply.status, reply.fieldLines, upgrade ? ConnectionMode.Upgrade : mode, upgrade ? '' : policyLines);
  exchange.recordHead(reply.status, head, reply.reason, reply.servedInstead);
  const withBody = exchange.head?.method !== 'HEAD' && body !== undefined;
  if (body?.kind === 'file') {
    if (!withBody) {
      closeQuietly(body.fd);
    } else {
      socket.write(head, 'latin1');
      const sender = new FileRangeSender(socket, pool, body, onDone);
      sender.start();
      return { kind: 'sending', sender };
    }
  }
  if (body?.kind === 'stream' && withBody) {
    socket.write(head, 'latin1');
    const sender = new StreamSender(socket, body.chunks, contentLength(reply.fieldLines), onDone);
    sender.start();
    return { kind: 'sending', sender };
  }
  socket.cork();
  socket.write(head, 'latin1');
  if (body?.kind === 'bytes' && withBody && body.bytes.length > 0) {
    socket.write(body.bytes);
    exchange.bytesSent += body.bytes.length;
  }
  socket.uncork();
  return upgrade ? { kind: 'upgraded' } : { kind: 'sent' };
}

/** A body answered again and again: its head memoised per second, and for a small body one write of both. */
function writeAssembled(socket: net.Socket, exchange: Exchange, reply: Reply, body: Buffer, mode: ConnectionMode,
  policyLines: string): WriteResult {
  const assembled = assembledReply(reply.status, reply.fieldLines, mode, policyLines, body);
  exchange.recordHead(reply.status, assembled.head, reply.reason, reply.servedInstead, assembled.headBytes);
  exchange.bytesSent += body.length;
  if (assembled.joined !== undefined) {
    socket.write(assembled.joined);
  } else {
    socket.cork();
    socket.write(assembled.headBytes);
    socket.write(body);
    socket.uncork();
  }
  return { kind: 'sent' };
}

function contentLength(fieldLines: string): number {
  const match = /(?:^|\r\n)Content-Length: (\d+)\r\n/i.exec(fieldLines);
  return match ? Number(match[1]) : 0;
}

