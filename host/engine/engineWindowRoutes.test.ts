import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appRootOf } from '../appPaths';
import { engineWindowRoutes, ISOLATION_HEADERS } from './engineWindowRoutes';

const modelsDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-window-routes-'));
const routes = engineWindowRoutes({ appRoot: appRootOf(import.meta.url), modelsDir });
const request = (url: string, init?: RequestInit) => routes(new Request(`segadapt-engine://app${url}`, init));

describe("the engine window's routes", () => {
  afterAll(() => rmSync(modelsDir, { recursive: true, force: true }));

  it('serve the backbone weights and tfjs wasm binaries, with the headers that isolate the window', async () => {
    const weights = await request('/files/package/%40vladmandic%2Fhuman/models/centernet.json');
    expect(weights.status).toBe(200);
    expect(JSON.parse(await weights.text()).weightsManifest).toBeDefined();
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(weights.headers.get(name)).toBe(value);
    const wasm = await request('/engine/tfjs/tfjs-backend-wasm-threaded-simd.wasm');
    expect(wasm.status).toBe(200);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
  });

  it('refuse anything outside the backbone folder, the bundle and the models folder', async () => {
    expect((await request('/files/package/%40vladmandic%2Fhuman/package.json')).status).toBe(403);
    expect((await request('/files/package/%40vladmandic%2Fhuman/models/..%2F..%2F..%2Fpackage.json')).status).toBe(403);
    expect((await request('/files/package/pngjs/lib/png.js')).status).toBe(403);
    expect((await request('/engine/tfjs/..%2Fpackage.json')).status).toBe(404);
    expect((await request('/files/models/..%2Fescape/segadapt.json')).status).toBe(400);
    expect((await request('/files/models/.hidden/segadapt.json')).status).toBe(400);
    expect((await request('/elsewhere')).status).toBe(404);
  });

  it('write a model folder whole from a form, and read its files back (a missing one is 404)', async () => {
    const form = new FormData();
    form.append('segadapt.json', new Blob(['{"id":"m1"}']), 'segadapt.json');
    form.append('adapter.bin', new Blob([new Uint8Array([1, 2, 3])]), 'adapter.bin');
    expect((await request('/files/models/m1', { method: 'POST', body: form })).status).toBe(204);
    expect(readFileSync(path.join(modelsDir, 'm1', 'segadapt.json'), 'utf8')).toBe('{"id":"m1"}');
    const adapter = await request('/files/models/m1/adapter.bin');
    expect(new Uint8Array(await adapter.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect((await request('/files/models/m1/decoder.bin')).status).toBe(404);
    const badPart = new FormData();
    badPart.append('../x', new Blob(['x']), 'x');
    expect((await request('/files/models/m2', { method: 'POST', body: badPart })).status).toBe(400);
  });
});
