// The web host: serves the renderer and the API (WebSocket) on 127.0.0.1, for tests and for labeling
// from a browser on a GPU box. Every request and socket must carry the per-launch token.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { decodeFrame, encodeFrame } from '../../contract/wireCodec';
import type { WireMessage, WireRequest } from '../../contract/wireCodec';
import type { ApiEvent } from '../../contract/api';
import { dispatchApiCall, toErrorShape } from '../hostApi';
import type { ApiHandlers } from '../hostApi';
import { cookieValue } from './parseCookies';
import { serveStatic } from './serveStatic';
import { MAX_MESSAGE_BYTES } from '../../contract/wireLimits';

export { MAX_MESSAGE_BYTES };

export const TOKEN_COOKIE = 'segadapt_token';

export interface WebHostOptions {
  rendererDir: string;
  handlers: ApiHandlers;
  subscribe: (listener: (event: ApiEvent) => void) => () => void;
  port?: number;
  /** Fixed token (tests); a fresh random one otherwise. */
  token?: string;
}

export interface WebHost {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, candidate: string | null | undefined): boolean {
  if (!candidate) return false;
  const given = Buffer.from(candidate);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function cookieToken(request: IncomingMessage): string | null {
  return cookieValue(request.headers.cookie, TOKEN_COOKIE);
}

/** The request's URL; null when the client sent a target no URL parser accepts (e.g. `//`). */
function requestUrl(request: IncomingMessage): URL | null {
  try {
    return new URL(request.url ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const expected = Buffer.from(token);
  let port = 0;

  // A page on another site can make the browser send requests here; the Host header check stops
  // DNS rebinding and the token (query or SameSite cookie) stops everything else.
  const hostAllowed = (request: IncomingMessage) => request.headers.host === `127.0.0.1:${port}` || request.headers.host === `localhost:${port}`;
  const queryToken = (request: IncomingMessage) => requestUrl(request)?.searchParams.get('token');
  const authorised = (request: IncomingMessage) => hostAllowed(request) && (tokenMatches(expected, queryToken(request)) || tokenMatches(expected, cookieToken(request)));

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (!authorised(request)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('SegAdapt: this address needs the launch token. Open the URL that `npm run web` printed.\n');
      return;
    }
    if (tokenMatches(expected, queryToken(request))) {
      response.setHeader('set-cookie', `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict`);
    }
    void serveStatic(options.rendererDir, request, response);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands an upgrade's socket over without its error listener: a reset must not kill the host.
    socket.on('error', () => socket.destroy());
    const origin = request.headers.origin;
    const originAllowed = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    const pathOk = requestUrl(request)?.pathname === '/api';
    if (!pathOk || !originAllowed || !authorised(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => sockets.emit('connection', ws, request));
  });

  const send = (ws: WebSocket, message: WireMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(message));
  };

  sockets.on('connection', (ws: WebSocket) => {
    const unsubscribe = options.subscribe((event) => send(ws, { event }));
    ws.on('close', unsubscribe);
    // A framing error (reserved opcode, unmasked frame, bad UTF-8, oversized message...) is emitted
    // here; unheard, it would be thrown and kill the host. ws has begun closing with the matching status
    // code (and destroys the socket if the peer never answers); close() makes sure of it.
    ws.on('error', () => ws.close());
    ws.on('message', (data, isBinary) => {
      let request: WireRequest;
      try {
        if (!isBinary) throw new Error('expected a binary frame');
        const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
        request = decodeFrame(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)) as WireRequest;
        if (typeof request?.id !== 'number') throw new Error('a request needs a numeric id');
      } catch (error) {
        send(ws, { id: -1, ok: false, error: { code: 'bad-request', message: `unreadable request: ${error instanceof Error ? error.message : String(error)}` } });
        return;
      }
      dispatchApiCall(options.handlers, request.call, request.args).then(
        (result) => send(ws, { id: request.id, ok: true, result }),
        (error: unknown) => send(ws, { id: request.id, ok: false, error: toErrorShape(error) }),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
