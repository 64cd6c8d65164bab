// Issue #14: projects live in the browser's IndexedDB, per origin (port included), and the host keeps a
// durable copy in its data dir; a store that is empty (another port, a new browser profile, a deleted
// database) is restored from it.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { createProject } from './support/appActions';
import { CHROMIUM_FLAGS, findChromium } from './support/findChromium';
import { APP_ROOT, startWebHostProcess } from './support/launchWebApp';
import { storedRows } from './support/storedRows';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');
const IMAGES = ['nuclei-06350c7cc618be44.png', 'nuclei-220b37f4ca7cab48.png'];

interface Host {
  process: ChildProcess;
  url: string;
  port: number;
  output: () => string;
}

async function startHost(dataDir: string): Promise<Host> {
  const { host, url, output } = await startWebHostProcess(dataDir);
  return { process: host, url, port: Number(new URL(url).port), output };
}

async function stopHost(host: Host): Promise<void> {
  if (host.process.exitCode !== null || host.process.signalCode !== null) return;
  const exited = new Promise((resolve) => host.process.once('exit', resolve));
  host.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
  if (host.process.exitCode === null) host.process.kill('SIGKILL');
}

async function onCanvas(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('the canvas is not on screen');
  return [box.x + x, box.y + y];
}

async function drawBox(page: Page, from: [number, number], to: [number, number]): Promise<void> {
  await page.keyboard.press('r');
  await page.mouse.move(...(await onCanvas(page, ...from)));
  await page.mouse.down();
  await page.mouse.move(...(await onCanvas(page, ...to)), { steps: 4 });
  await page.mouse.up();
}

/** Waits until the page has no write the host has not acknowledged. */
async function hostCopyCaughtUp(page: Page): Promise<void> {
  const unsent = () => page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(key: string): string | null } }).localStorage.getItem('segadapt.hostCopy.unsent'));
  await expect.poll(unsent, { timeout: 20_000 }).toBeNull();
}

/** What the user made, as stored: ids, names, geometry, and each image's bytes by SHA-256. */
async function storedProjects(page: Page) {
  const projects = (await storedRows<{ id: string; name: string }>(page, 'projects')).map(({ id, name }) => ({ id, name }));
  const classes = (await storedRows<{ id: string; name: string; classId: number; color: string }>(page, 'classes')).map(({ id, name, classId, color }) => ({ id, name, classId, color }));
  const images = (await storedRows<{ id: string; name: string; contentHash: string; status: string; annotationCount: number }>(page, 'images')).map(({ id, name, contentHash, status, annotationCount }) => ({ id, name, contentHash, status, annotationCount }));
  const annotations = (await storedRows<{ id: string; imageId: string; classId: number; geometry: unknown }>(page, 'annotations')).map(({ id, imageId, classId, geometry }) => ({ id, imageId, classId, geometry }));
  const blobHashes = await page.evaluate(async () => {
    type Request<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
    type Database = { transaction(store: string): { objectStore(name: string): { getAll(): Request<unknown[]> } }; close(): void };
    const { indexedDB } = globalThis as unknown as { indexedDB: { open(name: string): Request<Database> } };
    const db = await new Promise<Database>((resolve, reject) => {
      const request = indexedDB.open('segadapt');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const rows = await new Promise<{ imageId: string; blob: Blob }[]>((resolve, reject) => {
      const request = db.transaction('imageBlobs').objectStore('imageBlobs').getAll();
      request.onsuccess = () => resolve(request.result as { imageId: string; blob: Blob }[]);
      request.onerror = () => reject(request.error);
    });
    db.close();
    const hex = (buffer: ArrayBuffer) => Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
    return Promise.all(rows.map(async (row) => [row.imageId, hex(await crypto.subtle.digest('SHA-256', await row.blob.arrayBuffer()))]));
  });
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return { projects: byId(projects), classes: byId(classes), images: byId(images), annotations: byId(annotations), blobs: Object.fromEntries(blobHashes) };
}

describe('projects kept by the host (issue #14)', () => {
  let dataDir: string;
  let browser: Browser;
  const hosts: Host[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-e2e-durable-'));
    browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS, headless: true });
  });

  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    for (const host of hosts) await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
  });

  let labeled: Awaited<ReturnType<typeof storedProjects>>;

  it('labels survive restarting the host on another port', async () => {
    const first = await startHost(dataDir);
    hosts.push(first);
    const profile = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await profile.newPage();
    await page.goto(first.url);
    await createProject(page, 'Streets', ['car', 'road']);
    await page.getByTestId('import-files').setInputFiles(IMAGES.map((name) => path.join(FIXTURES, name)));
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])');
    await page.keyboard.press('2');
    await drawBox(page, [100, 100], [200, 180]);
    await expect.poll(async () => (await storedRows(page, 'annotations')).length).toBe(1);
    await hostCopyCaughtUp(page);
    labeled = await storedProjects(page);
    expect(labeled.images.length).toBe(2);
    expect(Object.keys(labeled.blobs).length).toBe(2);

    await stopHost(first);
    const second = await startHost(dataDir);
    hosts.push(second);
    expect(second.port, 'the second host must listen on another port (another origin)').not.toBe(first.port);
    const page2 = await profile.newPage();
    await page2.goto(second.url);
    await expect.poll(() => page2.getByRole('status', { name: 'Host copy' }).textContent(), { timeout: 30_000 }).toContain('Restored 1 project (2 images) from the host copy');
    await expect.poll(() => page2.getByLabel('Current project').locator('option:checked').textContent()).toBe('Streets');
    expect(await storedProjects(page2)).toEqual(labeled);
    for (const image of labeled.images) expect(labeled.blobs[image.id]).toBe(image.contentHash);

    // Labeling goes on in the restored store and reaches the host copy too.
    await page2.getByTestId('image-row').first().click();
    await page2.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])');
    await page2.keyboard.press('1');
    await drawBox(page2, [300, 300], [380, 360]);
    await expect.poll(async () => (await storedRows(page2, 'annotations')).length).toBe(2);
    await hostCopyCaughtUp(page2);
    labeled = await storedProjects(page2);
    await profile.close();
  });

  it('a new browser profile, and a deleted database, get everything back from the host copy', async () => {
    const host = hosts[hosts.length - 1];
    const fresh = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await fresh.newPage();
    await page.goto(host.url);
    await expect.poll(() => page.getByRole('status', { name: 'Host copy' }).textContent(), { timeout: 30_000 }).toContain('Restored 1 project (2 images)');
    expect(await storedProjects(page)).toEqual(labeled);

    // The browser's database deleted under the app (localStorage kept), then a reload.
    // Dexie closes the app's connection when asked (versionchange), so the deletion goes through.
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          type Deletion = { error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
          const { indexedDB } = globalThis as unknown as { indexedDB: { deleteDatabase(name: string): Deletion } };
          const request = indexedDB.deleteDatabase('segadapt');
          request.onsuccess = () => resolve();
          request.onerror = () => reject(request.error);
        }),
    );
    await page.reload();
    await expect.poll(() => page.getByRole('status', { name: 'Host copy' }).textContent(), { timeout: 30_000 }).toContain('Restored 1 project (2 images)');
    expect(await storedProjects(page)).toEqual(labeled);
    await fresh.close();
  });

  it('without --port, web mode keeps the port its data dir used last, and falls back when it is busy', async () => {
    const portDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-e2e-port-'));
    const launch = async (): Promise<Host> => {
      const child = spawn(process.execPath, [path.join(APP_ROOT, 'dist', 'host', 'webMain.mjs'), '--data-dir', portDir, '--backend', 'cpu'], { cwd: APP_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
          if (match) resolve(match[1]);
        });
        child.once('exit', (code) => reject(new Error(`the web host exited with code ${code}:\n${output}`)));
      });
      const host = { process: child, url, port: Number(new URL(url).port), output: () => output };
      hosts.push(host);
      return host;
    };
    try {
      const first = await launch();
      await stopHost(first);
      const second = await launch();
      expect(second.port).toBe(first.port);
      await stopHost(second);
      // Someone else took the port: the host says so and listens elsewhere, then keeps that one.
      const squatter = createServer();
      await new Promise<void>((resolve) => squatter.listen(first.port, '127.0.0.1', resolve));
      const third = await launch();
      await new Promise((resolve) => squatter.close(resolve));
      expect(third.port).not.toBe(first.port);
      expect(third.output()).toContain(`port ${first.port} was busy`);
      await stopHost(third);
      expect((await launch()).port).toBe(third.port);
    } finally {
      for (const host of hosts.splice(-4)) await stopHost(host);
      rmSync(portDir, { recursive: true, force: true });
    }
  });
});
