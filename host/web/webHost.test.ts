import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, EngineStatus } from '../../contract/api';
import { decodeFrame, encodeFrame } from '../../contract/wireCodec';
import type { WireMessage } from '../../contract/wireCodec';
import type { ApiHandlers } from '../hostApi';
import { noProjectCopy } from '../projects/projectCopyApi';
import { MAX_MESSAGE_BYTES, startWebHost } from './webHost';
import type { WebHost } from './webHost';

const STATUS: EngineStatus = { state: 'ready', backend: 'wasm', probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: null };

const handlers: ApiHandlers = {
  engineStatus: async () => STATUS,
  startJob: async () => ({ jobId: 'job-1', position: 0 }),
  cancelJob: async () => true,
  listModels: async () => [],
  loadModel: async () => {
    throw new Error('no such model');
  },
  saveFile: async () => ({ saved: false }),
  importModel: async () => ({ jobId: 'job-2', position: 0 }),
  ...noProjectCopy(),
};

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    // A host that died mid-request never answers: fail now rather than at the test timeout.
    req.setTimeout(10_000, () => req.destroy(new Error(`no answer from ${url}`)));
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, handshakeTimeout: 10_000 });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
  });
}

function call(ws: WebSocket, id: number, name: string, args: unknown[]): Promise<WireMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const message = decodeFrame(new Uint8Array(data)) as WireMessage;
      if ('id' in message && message.id === id) {
        ws.off('message', onMessage);
        resolve(message);
      }
    };
    ws.on('message', onMessage);
    ws.send(encodeFrame({ id, call: name, args }));
  });
}

function nextMessage(ws: WebSocket): Promise<WireMessage> {
  return new Promise((resolve) => ws.once('message', (data: Buffer) => resolve(decodeFrame(new Uint8Array(data)) as WireMessage)));
}

/** A wire frame whose JSON header is written by hand (as a hostile client could), then `attachmentBytes` zeros. */
function handWrittenFrame(header: string, attachmentBytes = 0): Uint8Array {
  const headerBytes = Buffer.from(header);
  const frame = new Uint8Array(4 + headerBytes.byteLength + attachmentBytes);
  new DataView(frame.buffer).setUint32(0, headerBytes.byteLength, true);
  frame.set(headerBytes, 4);
  return frame;
}

interface RawConnection {
  socket: Socket;
  /** The HTTP status line of the server's answer to the handshake. */
  statusLine: string;
  /** Bytes the server sent after its handshake answer, until it closed the connection. */
  closed: Promise<Buffer>;
}

/** A WebSocket handshake written by hand over TCP, so that the frames after it can be malformed at will. */
function rawHandshake(port: number, target: string, headers: Record<string, string> = {}): Promise<RawConnection> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let statusLine: string | null = null;
    let afterHandshake = Buffer.alloc(0);
    const closed = new Promise<Buffer>((resolveClosed) => socket.once('close', () => resolveClosed(afterHandshake)));
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      if (statusLine !== null) {
        afterHandshake = Buffer.concat([afterHandshake, chunk]);
        return;
      }
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      statusLine = received.subarray(0, received.indexOf('\r\n')).toString();
      afterHandshake = received.subarray(end + 4);
      resolve({ socket, statusLine, closed });
    });
    socket.on('close', () => reject(new Error('closed before answering the handshake')));
    const lines = [
      `GET ${target} HTTP/1.1`,
      `Host: 127.0.0.1:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    ];
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}

/** One WebSocket frame from a client, built bit by bit (RFC 6455 section 5.2). */
function clientFrame(options: { opcode: number; payload?: Uint8Array; masked?: boolean; rsv1?: boolean; announcedLength?: number }): Buffer {
  const payload = Buffer.from(options.payload ?? new Uint8Array(0));
  const length = options.announcedLength ?? payload.byteLength;
  const masked = options.masked ?? true;
  const first = 0x80 | (options.rsv1 ? 0x40 : 0) | options.opcode;
  let head: Buffer;
  if (length < 126) {
    head = Buffer.from([first, (masked ? 0x80 : 0) | length]);
  } else if (length < 65536) {
    head = Buffer.from([first, (masked ? 0x80 : 0) | 126, length >> 8, length & 0xff]);
  } else {
    head = Buffer.alloc(10);
    head[0] = first;
    head[1] = (masked ? 0x80 : 0) | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!masked) return Buffer.concat([head, payload]);
  const mask = randomBytes(4);
  return Buffer.concat([head, mask, payload.map((byte, i) => byte ^ mask[i % 4])]);
}

/** The status code of the close frame the server sent first, if it sent one. */
function closeCode(frames: Buffer): number | null {
  return frames.length >= 4 && frames[0] === 0x88 ? frames.readUInt16BE(2) : null;
}

describe('web host', () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-renderer-'));
  const listeners = new Set<(event: ApiEvent) => void>();
  let host: WebHost;
  let base: string;
  // The host runs in this process: an error it fails to handle surfaces here, where in `npm run web` it
  // would have ended the process.
  const uncaught: unknown[] = [];
  const recordUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    process.on('uncaughtException', recordUncaught);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>SegAdapt</title>');
    mkdirSync(path.join(rendererDir, 'assets'));
    writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(path.dirname(rendererDir), 'segadapt-secret.txt'), 'secret');
    host = await startWebHost({
      rendererDir,
      handlers,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    });
    base = `http://127.0.0.1:${host.port}`;
  });

  afterAll(async () => {
    process.off('uncaughtException', recordUncaught);
    await host.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 and prints a URL with the launch token', () => {
    expect(host.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/\\?token=.{20,}$`));
  });

  it('refuses pages without the token or with a wrong one', async () => {
    expect((await get(`${base}/`)).status).toBe(403);
    expect((await get(`${base}/?token=wrong`)).status).toBe(403);
    expect((await get(`${base}/assets/app.js`)).status).toBe(403);
    expect((await get(`${base}/`, { cookie: 'segadapt_token=wrong' })).status).toBe(403);
  });

  it('serves the renderer with the token, and its assets with the cookie it set', async () => {
    const page = await get(host.url);
    expect(page.status).toBe(200);
    expect(page.body).toContain('SegAdapt');
    expect(page.cookie).toMatch(/HttpOnly; SameSite=Strict/);
    const cookie = page.cookie!.split(';')[0];
    expect((await get(`${base}/assets/app.js`, { cookie })).status).toBe(200);
  });

  it('refuses a request that names another host even with the token (DNS rebinding)', async () => {
    expect((await get(host.url, { host: `evil.example:${host.port}` })).status).toBe(403);
  });

  it('serves nothing outside the renderer folder', async () => {
    const page = await get(`${base}/..%2Fsegadapt-secret.txt?token=${host.token}`);
    expect(page.status).toBe(404);
    expect(page.body).not.toContain('secret');
  });

  it('refuses sockets without the token, with a wrong one, or from another origin', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api`)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api?token=nope`)).rejects.toThrow(/403/);
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
  });

  it('answers API calls and pushes events on a socket with the token', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`, { origin: base });
    const status = await call(ws, 1, 'engineStatus', []);
    expect(status).toMatchObject({ id: 1, ok: true, result: { backend: 'wasm' } });
    const unknown = await call(ws, 2, 'deleteEverything', []);
    expect(unknown).toMatchObject({ id: 2, ok: false, error: { code: 'unknown-call' } });
    const wrongArity = await call(ws, 3, 'cancelJob', []);
    expect(wrongArity).toMatchObject({ id: 3, ok: false, error: { code: 'bad-request' } });
    const failing = await call(ws, 4, 'loadModel', ['x']);
    expect(failing).toMatchObject({ id: 4, ok: false, error: { message: 'no such model' } });

    const event = new Promise<WireMessage>((resolve) => ws.once('message', (data: Buffer) => resolve(decodeFrame(new Uint8Array(data)) as WireMessage)));
    for (const listener of listeners) listener({ type: 'engineStatus', status: STATUS });
    expect(await event).toEqual({ event: { type: 'engineStatus', status: STATUS } });
    ws.close();
  });
  const stillServing = async () => {
    expect(uncaught, 'errors the host left unhandled').toEqual([]);
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    expect(await call(ws, 100, 'engineStatus', [])).toMatchObject({ id: 100, ok: true, result: { state: 'ready' } });
    ws.close();
    expect((await get(host.url)).status).toBe(200);
  };

  it('refuses a page whose token cookie is not valid percent-encoding, and keeps serving', async () => {
    for (const cookie of ['segadapt_token=%', 'segadapt_token=%E0%A4%A', `other=1; segadapt_token=${host.token}%zz`]) {
      expect((await get(`${base}/`, { cookie })).status).toBe(403);
    }
    await stillServing();
  });

  it('refuses a socket whose token cookie is not valid percent-encoding, and keeps serving', async () => {
    await expect(openSocket(`ws://127.0.0.1:${host.port}/api`, { cookie: 'segadapt_token=%' })).rejects.toThrow(/403/);
    await stillServing();
  });

  it('refuses a request target that is no URL, for pages and sockets, and keeps serving', async () => {
    const page = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: host.port, path: '//' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(page).toBe(403);
    const upgrade = await rawHandshake(host.port, '//');
    expect(upgrade.statusLine).toMatch(/ 403 /);
    await stillServing();
  });

  const framingErrors: { name: string; frame: () => Buffer; code: number }[] = [
    { name: 'a reserved opcode', frame: () => clientFrame({ opcode: 0x3, payload: new Uint8Array([1]) }), code: 1002 },
    { name: 'an unmasked client frame', frame: () => clientFrame({ opcode: 0x2, payload: encodeFrame({ id: 1, call: 'engineStatus', args: [] }), masked: false }), code: 1002 },
    { name: 'RSV1 set without a negotiated extension', frame: () => clientFrame({ opcode: 0x2, payload: new Uint8Array([1]), rsv1: true }), code: 1002 },
    { name: 'a text frame that is not UTF-8', frame: () => clientFrame({ opcode: 0x1, payload: new Uint8Array([0xc3, 0x28, 0xff]) }), code: 1007 },
    { name: 'a frame announcing more than the largest message', frame: () => clientFrame({ opcode: 0x2, announcedLength: MAX_MESSAGE_BYTES + 1 }), code: 1009 },
  ];
  for (const { name, frame, code } of framingErrors) {
    it(`closes a socket that sends ${name} (${code}), and keeps serving`, async () => {
      const connection = await rawHandshake(host.port, `/api?token=${host.token}`);
      expect(connection.statusLine).toMatch(/ 101 /);
      connection.socket.write(frame());
      expect(closeCode(await connection.closed)).toBe(code);
      await stillServing();
    });
  }

  it('accepts messages up to the limit it announces, and no more than a real job needs', () => {
    expect(MAX_MESSAGE_BYTES).toBeGreaterThanOrEqual(256 * 1024 * 1024);
    expect(MAX_MESSAGE_BYTES).toBeLessThan(1024 * 1024 * 1024);
  });

  it('answers a header announcing 400 MB of attachments in an 80-byte message with an error, and keeps serving', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    const reply = nextMessage(ws);
    ws.send(handWrittenFrame('{"id":7,"call":"startJob","args":[{"$bytes":4e8,"length":4e8}]}'));
    expect(await reply).toMatchObject({ id: -1, ok: false, error: { code: 'bad-request', message: expect.stringMatching(/attachment 400000000/) } });
    expect(await call(ws, 8, 'engineStatus', [])).toMatchObject({ id: 8, ok: true });
    ws.close();
    await stillServing();
  });

  it('answers attachment references that are negative, fractional or out of range with an error, and keeps serving', async () => {
    const ws = await openSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    const refs = ['{"$bytes":-1,"length":1}', '{"$bytes":0.5,"length":1}', '{"$bytes":1,"length":1}', '{"$bytes":0,"length":-1}', '{"$bytes":0,"length":0.5}'];
    for (const [i, ref] of refs.entries()) {
      const reply = nextMessage(ws);
      ws.send(handWrittenFrame(`{"id":${20 + i},"call":"engineStatus","args":[],"extra":${ref}}`, 1));
      expect(await reply, ref).toMatchObject({ id: -1, ok: false, error: { code: 'bad-request', message: expect.stringMatching(/^unreadable request: frame header/) } });
    }
    expect(await call(ws, 30, 'engineStatus', [])).toMatchObject({ id: 30, ok: true });
    ws.close();
    await stillServing();
  });
});
