// Canvas performance in real Chromium through the web host (the same path the e2e tests use):
//  - a 6000x6000 image: import, open (click to first frame drawn), pan and zoom frame rates;
//  - 1,000 polygons of 50 vertices on it: open, pan at fit (all visible) and at 100 % (culled), drag one;
//  - 5,000 images in the list: load and scroll frame rate.
// Run after `npm run build`:  npx tsx bench/canvas/canvasBench.ts [--out bench/canvas/results.json]
// Frame rates come from requestAnimationFrame timestamps in the page while Playwright drives real
// input events; a frame that took longer than 16.7 ms shows up as a longer interval.
import { writeFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchWebApp } from '../../tests/e2e/support/launchWebApp';

const BIG = 6000;
const POLYGONS = 1000;
const VERTICES = 50;
const LIST_IMAGES = 5000;

interface FrameStats {
  fps: number;
  p95ms: number;
  maxms: number;
  frames: number;
}

type BenchGlobals = typeof globalThis & {
  benchFrames?: number[];
  benchRunning?: boolean;
  indexedDB: IDBFactoryLike;
  OffscreenCanvas: new (w: number, h: number) => OffscreenCanvasLike;
  createImageBitmap(blob: unknown): Promise<{ width: number; height: number }>;
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: unknown[], name: string, options: { type: string }) => unknown;
  document: { querySelector(selector: string): { dispatchEvent(event: unknown): boolean } | null };
  DragEvent: new (type: string, init: { dataTransfer: unknown; bubbles: boolean; cancelable: boolean }) => unknown;
  requestAnimationFrame(callback: (time: number) => void): number;
  performance: { now(): number };
};
type IdbRequest<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
type IdbStore = { getAll(): IdbRequest<unknown[]>; put(value: unknown): IdbRequest<unknown> };
type IdbTransaction = { objectStore(name: string): IdbStore; oncomplete: (() => void) | null; onerror: (() => void) | null };
type IdbDatabase = { transaction(stores: string | string[], mode?: 'readwrite'): IdbTransaction; close(): void };
type IDBFactoryLike = { open(name: string): IdbRequest<IdbDatabase> };
type OffscreenCanvasLike = {
  getContext(kind: '2d'): {
    drawImage(image: unknown, x: number, y: number): void;
    fillStyle: string;
    globalAlpha: number;
    fillRect(x: number, y: number, w: number, h: number): void;
  };
  convertToBlob(options: { type: string; quality?: number }): Promise<{ size: number }>;
};

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length * p) / 100))];

async function startFrames(page: Page): Promise<void> {
  await page.evaluate(() => {
    const g = globalThis as BenchGlobals;
    g.benchFrames = [];
    g.benchRunning = true;
    const tick = (time: number) => {
      g.benchFrames!.push(time);
      if (g.benchRunning) g.requestAnimationFrame(tick);
    };
    g.requestAnimationFrame(tick);
  });
}

async function stopFrames(page: Page): Promise<FrameStats> {
  const frames = await page.evaluate(() => {
    const g = globalThis as BenchGlobals;
    g.benchRunning = false;
    return g.benchFrames!;
  });
  const intervals = frames.slice(1).map((t, i) => t - frames[i]);
  const span = frames.at(-1)! - frames[0];
  return { fps: round(((frames.length - 1) / span) * 1000), p95ms: round(percentile(intervals, 95)), maxms: round(Math.max(...intervals)), frames: frames.length };
}

const round = (v: number) => Math.round(v * 10) / 10;

async function canvasBox(page: Page) {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('no canvas');
  return box;
}

/** Middle-button drag across the canvas, as a user pans. */
async function measurePan(page: Page, steps = 150): Promise<FrameStats> {
  const box = await canvasBox(page);
  const cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await startFrames(page);
  await page.mouse.down({ button: 'middle' });
  for (let i = 0; i < steps; i++) await page.mouse.move(cx + 200 * Math.sin(i / 12), cy + 150 * Math.cos(i / 15));
  await page.mouse.up({ button: 'middle' });
  return stopFrames(page);
}

async function measureZoom(page: Page, steps = 120): Promise<FrameStats> {
  const box = await canvasBox(page);
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.6);
  await startFrames(page);
  for (let i = 0; i < steps; i++) await page.mouse.wheel(0, i % 60 < 30 ? -60 : 60);
  return stopFrames(page);
}

/** Click a row and wait for the canvas to say that image is in, then for the frame that shows it. */
async function measureOpen(page: Page, name: string): Promise<number> {
  return page.evaluate(async (rowName) => {
    type Element = { textContent: string; click(): void; getAttribute(n: string): string | null };
    const g = globalThis as unknown as Pick<BenchGlobals, 'performance' | 'requestAnimationFrame'> & { document: { querySelectorAll(s: string): ArrayLike<Element>; querySelector(s: string): Element } };
    const row = Array.from(g.document.querySelectorAll('[data-testid="image-row"]')).find((r) => r.textContent.includes(rowName));
    if (!row) throw new Error(`no row ${rowName}`);
    const imageId = row.getAttribute('data-image-id');
    const canvas = g.document.querySelector('[data-testid="canvas"]');
    if (canvas.getAttribute('data-image-ready') === imageId) throw new Error(`${rowName} is already open`);
    const start = g.performance.now();
    row.click();
    await new Promise<void>((resolve, reject) => {
      const check = () => {
        if (canvas.getAttribute('data-image-ready') === imageId) resolve();
        else if (g.performance.now() - start > 60_000) reject(new Error(`${rowName} did not open within 60 s`));
        else g.requestAnimationFrame(check);
      };
      check();
    });
    // The frame after React committed the bitmap is the one that draws it.
    await new Promise((resolve) => g.requestAnimationFrame(() => g.requestAnimationFrame(resolve)));
    return g.performance.now() - start;
  }, name);
}

async function createProjectWithClass(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'New project' }).click();
  await page.getByLabel('Project name').fill('Bench');
  await page.getByRole('button', { name: 'OK' }).click();
  await page.getByRole('button', { name: 'Add class' }).click();
  await page.getByLabel('Class name').fill('object');
  await page.getByRole('button', { name: 'OK' }).click();
}

/** Builds a 6000x6000 image in the page from a real microscopy tile (so it has real entropy) and drops it on the app. */
async function dropBigImage(page: Page, type: 'image/jpeg' | 'image/png', name: string, tileBytes: number[]): Promise<number> {
  return page.evaluate(
    async ({ size, mime, fileName, tile }) => {
      const g = globalThis as BenchGlobals;
      const bitmap = await g.createImageBitmap(new (globalThis as unknown as { Blob: new (parts: unknown[]) => unknown }).Blob([new Uint8Array(tile)]));
      const canvas = new g.OffscreenCanvas(size, size);
      const context = canvas.getContext('2d');
      for (let y = 0; y < size; y += bitmap.height) for (let x = 0; x < size; x += bitmap.width) context.drawImage(bitmap, x, y);
      // Random translucent blocks so tiles are not identical (a real photo compresses no better).
      for (let i = 0; i < 4000; i++) {
        context.fillStyle = `hsl(${(i * 37) % 360} 60% 50%)`;
        context.globalAlpha = 0.15;
        context.fillRect((i * 7919) % size, (i * 104729) % size, 40 + (i % 90), 40 + (i % 70));
      }
      const blob = await canvas.convertToBlob({ type: mime, quality: 0.9 });
      const transfer = new g.DataTransfer();
      transfer.items.add(new g.File([blob], fileName, { type: mime }));
      const target = g.document.querySelector('.app-layout')!;
      target.dispatchEvent(new g.DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      target.dispatchEvent(new g.DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      return blob.size;
    },
    { size: BIG, mime: type, fileName: name, tile: tileBytes },
  );
}

/** Writes synthetic polygons straight into IndexedDB for one image (the app reads them on open). */
async function storePolygons(page: Page, imageName: string): Promise<void> {
  await page.evaluate(
    async ({ name, count, vertices, size }) => {
      const g = globalThis as BenchGlobals;
      const db = await new Promise<IdbDatabase>((resolve, reject) => {
        const request = g.indexedDB.open('segadapt');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const images = await new Promise<{ id: string; projectId: string; name: string }[]>((resolve) => {
        const request = db.transaction('images').objectStore('images').getAll();
        request.onsuccess = () => resolve(request.result as never);
      });
      const image = images.find((i) => i.name === name)!;
      const tx = db.transaction(['annotations', 'images'], 'readwrite');
      const store = tx.objectStore('annotations');
      let seed = 42;
      const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
      for (let i = 0; i < count; i++) {
        const cx = 150 + random() * (size - 300), cy = 150 + random() * (size - 300), r = 40 + random() * 100;
        const points: number[] = [];
        for (let v = 0; v < vertices; v++) {
          const angle = (v / vertices) * Math.PI * 2, radius = r * (0.7 + 0.3 * random());
          points.push(cx + radius * Math.cos(angle), cy + radius * Math.sin(angle));
        }
        store.put({ v: 1, id: `bench-${i}`, projectId: image.projectId, imageId: image.id, classId: 1, geometry: { kind: 'polygon', points }, source: 'manual', updatedAt: i });
      }
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('write failed'));
      });
      db.close();
    },
    { name: imageName, count: POLYGONS, vertices: VERTICES, size: BIG },
  );
}

async function storeManyImages(page: Page): Promise<void> {
  await page.evaluate(
    async ({ count }) => {
      const g = globalThis as BenchGlobals;
      const db = await new Promise<IdbDatabase>((resolve, reject) => {
        const request = g.indexedDB.open('segadapt');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const images = await new Promise<Record<string, unknown>[]>((resolve) => {
        const request = db.transaction('images').objectStore('images').getAll();
        request.onsuccess = () => resolve(request.result as never);
      });
      const template = images[0];
      const tx = db.transaction(['images'], 'readwrite');
      const statuses = ['unlabeled', 'labeled', 'pre-labeled', 'reviewed'];
      for (let i = 0; i < count; i++) {
        const hash = i.toString(16).padStart(64, '0');
        tx.objectStore('images').put({ ...template, id: `list-${i}`, name: `list-${String(i).padStart(5, '0')}.png`, contentHash: hash, status: statuses[i % 4], addedAt: 1e13 + i });
      }
      await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
      db.close();
    },
    { count: LIST_IMAGES },
  );
}

/** Selects the first stored polygon by clicking its centre (at fit) and drags it around. */
async function measurePolygonDrag(page: Page): Promise<FrameStats> {
  await page.keyboard.press('v');
  const centre = await page.evaluate(async () => {
    const g = globalThis as BenchGlobals;
    const db = await new Promise<IdbDatabase>((resolve) => {
      const request = g.indexedDB.open('segadapt');
      request.onsuccess = () => resolve(request.result);
    });
    const all = await new Promise<{ id: string; geometry: { points: number[] } }[]>((resolve) => {
      const request = db.transaction('annotations').objectStore('annotations').getAll();
      request.onsuccess = () => resolve(request.result as never);
    });
    db.close();
    // The last one drawn is on top, so a click at its centre selects it.
    const points = all.find((a) => a.id === 'bench-999')!.geometry.points;
    let x = 0, y = 0;
    for (let i = 0; i < points.length; i += 2) {
      x += points[i];
      y += points[i + 1];
    }
    return { x: x / (points.length / 2), y: y / (points.length / 2) };
  });
  const box = await canvasBox(page);
  const scale = Number(await page.getByTestId('canvas').getAttribute('data-zoom'));
  const sx = box.x + (box.width - BIG * scale) / 2 + centre.x * scale;
  const sy = box.y + (box.height - BIG * scale) / 2 + centre.y * scale;
  await page.mouse.move(sx, sy);
  await startFrames(page);
  await page.mouse.down();
  for (let i = 0; i < 120; i++) await page.mouse.move(sx + 120 * Math.sin(i / 10), sy + 80 * Math.cos(i / 13));
  await page.mouse.up();
  const stats = await stopFrames(page);
  const selected = await page.locator('[data-testid="annotation"].selected').count();
  if (selected !== 1) throw new Error('the drag did not select a polygon');
  return stats;
}

async function measureListScroll(page: Page): Promise<FrameStats> {
  const list = await page.getByTestId('image-list').boundingBox();
  if (!list) throw new Error('no list');
  await page.mouse.move(list.x + list.width / 2, list.y + list.height / 2);
  await startFrames(page);
  for (let i = 0; i < 150; i++) await page.mouse.wheel(0, 400);
  return stopFrames(page);
}

async function main(): Promise<void> {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : null;
  const app = await launchWebApp({ viewport: { width: 1600, height: 1000 } });
  const { page } = app;
  // tsx compiles with esbuild's keepNames, which wraps functions inside page.evaluate in a __name helper the page lacks.
  const defineName = 'globalThis.__name = (fn) => fn';
  await page.addInitScript(defineName);
  await page.evaluate(defineName);
  const results: Record<string, unknown> = { chromium: await app.browser.version(), viewport: '1600x1000', flags: 'headless, --disable-gpu (software raster)' };
  try {
    await createProjectWithClass(page);
    const { readFileSync } = await import('node:fs');
    const tile = [...readFileSync(new URL('../../tests/fixtures/images/nuclei-220b37f4ca7cab48.png', import.meta.url))];
    await page.getByTestId('import-files').setInputFiles([new URL('../../tests/fixtures/images/nuclei-06350c7cc618be44.png', import.meta.url).pathname]);
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])');

    for (const [mime, name] of [['image/jpeg', 'big-6000.jpg'], ['image/png', 'big-6000.png']] as const) {
      const started = Date.now();
      const bytes = await dropBigImage(page, mime, name, tile);
      await page.getByTestId('image-row').filter({ hasText: name }).waitFor({ timeout: 120_000 });
      results[`import ${name} (${(bytes / 1e6).toFixed(1)} MB)`] = `${Date.now() - started} ms (includes encoding it in the page)`;
      const opens: number[] = [];
      for (let i = 0; i < 3; i++) {
        opens.push(Math.round(await measureOpen(page, name)));
        await measureOpen(page, 'nuclei-06350c7cc618be44.png');
      }
      results[`open ${name}: click to first frame, ms (3 runs)`] = opens;
    }

    await measureOpen(page, 'big-6000.jpg');
    results['pan 6000x6000 jpg at fit'] = await measurePan(page);
    console.error("done:", 'pan 6000x6000 jpg at fit');
    results['zoom 6000x6000 jpg (wheel)'] = await measureZoom(page);
    console.error("done:", 'zoom 6000x6000 jpg (wheel)');
    await page.keyboard.press('0');
    results['pan 6000x6000 jpg at 100 %'] = await measurePan(page);
    console.error("done:", 'pan 6000x6000 jpg at 100 %');

    await storePolygons(page, 'big-6000.jpg');
    await measureOpen(page, 'nuclei-06350c7cc618be44.png');
    results[`open with ${POLYGONS} polygons x ${VERTICES} vertices, ms`] = Math.round(await measureOpen(page, 'big-6000.jpg'));
    results['annotations listed'] = await page.getByTestId('annotation').count();
    console.error("done:", 'annotations listed');
    results['pan with 1,000 polygons at fit (all visible)'] = await measurePan(page);
    console.error("done:", 'pan with 1,000 polygons at fit (all visible)');
    results['zoom with 1,000 polygons (wheel)'] = await measureZoom(page);
    console.error("done:", 'zoom with 1,000 polygons (wheel)');
    await page.keyboard.press('f');
    results['drag one polygon among 1,000 (select tool)'] = await measurePolygonDrag(page);
    console.error("done:", 'drag one polygon among 1,000 (select tool)');
    await page.keyboard.press('0');
    results['pan with 1,000 polygons at 100 % (culled)'] = await measurePan(page);
    console.error("done:", 'pan with 1,000 polygons at 100 % (culled)');
    await page.keyboard.press('f');

    await storeManyImages(page);
    const reloadStart = Date.now();
    await page.reload();
    await page.getByTestId('image-row').first().waitFor();
    results[`reload with ${LIST_IMAGES + 3} images until the list shows, ms`] = Date.now() - reloadStart;
    results['image rows in the DOM'] = await page.getByTestId('image-row').count();
    console.error("done:", 'image rows in the DOM');
    results[`scroll the list of ${LIST_IMAGES + 3} images`] = await measureListScroll(page);
    console.error("done:", `scroll the list of ${LIST_IMAGES + 3} images`);
  } finally {
    console.log(JSON.stringify(results, null, 2));
    if (out) writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
    await app.close();
  }
}

await main();
