import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, EngineStatus } from '../../contract/api';
import { decodeFrame, encodeFrame } from '../../contract/wireCodec';
import type { WireMessage } from '../../contract/wireCodec';
import type { ApiHandlers } from '../hostApi';
import { startWebHost } from './webHost';
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
};

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string; cookie?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, cookie: res.headers['set-cookie']?.[0] }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
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

describe('web host', () => {
  const rendererDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-renderer-'));
  const listeners = new Set<(event: ApiEvent) => void>();
  let host: WebHost;
  let base: string;

  beforeAll(async () => {
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
});
