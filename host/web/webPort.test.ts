import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WEB_PORT, listenOnFirstFree, portCandidates, rememberedPort, rememberPort } from './webPort';

const servers: Server[] = [];
const listen = (port: number) =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve((server.address() as AddressInfo).port);
    });
  });
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

describe("web mode's port", () => {
  it('is remembered per data dir, and tried first on the next launch', async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-port-'));
    try {
      expect(await rememberedPort(dataDir)).toBeNull();
      expect(portCandidates(null, null)).toEqual([DEFAULT_WEB_PORT, 0]);
      await rememberPort(dataDir, 43123);
      expect(await rememberedPort(dataDir)).toBe(43123);
      expect(portCandidates(null, 43123)).toEqual([43123, DEFAULT_WEB_PORT, 0]);
      expect(portCandidates(8080, 43123)).toEqual([8080]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('falls back to the next candidate when one is busy, but not when the user asked for that port', async () => {
    const busy = await listen(0);
    const free = await listen(0);
    await new Promise((resolve) => servers.pop()!.close(resolve));
    expect(await listenOnFirstFree([busy, free], listen)).toBe(free);
    await expect(listenOnFirstFree([busy], listen)).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});
