// The labeling canvas in real Chromium through the web host: import, classes, box, polygon and brush,
// undo/redo, everything still there after a reload, and nothing lost when the tab dies mid-stroke.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { createProject } from './support/appActions';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');
const REAL_IMAGES = ['nuclei-06350c7cc618be44.png', 'nuclei-220b37f4ca7cab48.png', 'clothing-0498-exif-rotated.jpg'];
const BAD_FILES = ['corrupt-truncated.png', 'not-an-image.txt'];

interface StoredState {
  annotations: { id: string; classId: number; geometry: { kind: string; points?: number[]; x?: number; y?: number; w?: number; h?: number } }[];
  tiles: { id: string; classId: number; painted: number }[];
  images: { name: string; width: number; height: number; status: string; classIds: number[] }[];
  classes: { name: string; classId: number }[];
}

// The browser-side types this file needs (the node tsconfig has no DOM library).
type BrowserGlobals = {
  DataTransfer: new () => { items: { add(file: unknown): void } };
  File: new (parts: Uint8Array[], name: string, options: { type: string }) => unknown;
};

/** The app's stored records, read directly from IndexedDB. */
async function readStored(page: Page): Promise<StoredState> {
  type Annotation = { id: string; classId: number; geometry: StoredState['annotations'][number]['geometry'] };
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  const annotations = byId(await storedRows<Annotation>(page, 'annotations'));
  const tiles = byId(await storedRows<{ id: string; classId: number; data: Uint8Array }>(page, 'maskTiles'));
  const images = (await storedRows<StoredState['images'][number]>(page, 'images')).sort((a, b) => a.name.localeCompare(b.name));
  const classes = (await storedRows<StoredState['classes'][number]>(page, 'classes')).sort((a, b) => a.classId - b.classId);
  return {
    annotations: annotations.map(({ id, classId, geometry }) => ({ id, classId, geometry })),
    tiles: tiles.map(({ id, classId, data }) => ({ id, classId, painted: Object.values(data).reduce((sum: number, v) => sum + Number(v), 0) })),
    images: images.map(({ name, width, height, status, classIds }) => ({ name, width, height, status, classIds })),
    classes: classes.map(({ name, classId }) => ({ name, classId })),
  };
}

async function canvasOrigin(page: Page): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('the canvas is not on screen');
  return box;
}

async function dragOnCanvas(page: Page, from: [number, number], to: [number, number], steps = 8): Promise<void> {
  const origin = await canvasOrigin(page);
  await page.mouse.move(origin.x + from[0], origin.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(origin.x + to[0], origin.y + to[1], { steps });
  await page.mouse.up();
}

async function clickOnCanvas(page: Page, points: [number, number][]): Promise<void> {
  const origin = await canvasOrigin(page);
  for (const [x, y] of points) await page.mouse.click(origin.x + x, origin.y + y);
}

/** A screenshot of the canvas once it stops changing (a settled zoom redraws the shapes once more). */
async function settledCanvas(page: Page): Promise<Buffer> {
  let previous = await page.getByTestId('canvas').screenshot();
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.waitForTimeout(250);
    const current = await page.getByTestId('canvas').screenshot();
    if (Buffer.compare(previous, current) === 0) return current;
    previous = current;
  }
  throw new Error('the canvas kept changing');
}

const annotationKinds = (page: Page) => page.getByTestId('annotation').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')));
const waitForImage = (page: Page) => page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])', { timeout: 30_000 });

/** Opens the named image and waits until the canvas shows it: a stroke drawn before then lands on the image that was open. */
async function openImage(page: Page, name: string): Promise<void> {
  const row = page.getByTestId('image-row').filter({ hasText: name });
  const imageId = await row.getAttribute('data-image-id');
  await row.click();
  await page.waitForSelector(`[data-testid="canvas"][data-image-ready="${imageId}"]`, { timeout: 30_000 });
}

describe('labeling canvas in Chromium', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('imports real images, names the corrupt and non-image files it skipped, and honours EXIF orientation', async () => {
    const { page } = app;
    await createProject(page, 'Nuclei', ['nucleus', 'debris']);
    await page.getByTestId('import-files').setInputFiles([...REAL_IMAGES, ...BAD_FILES].map((name) => path.join(FIXTURES, name)));
    await waitForImage(page);

    const skipped = page.getByTestId('notice-error');
    await expect.poll(() => skipped.textContent()).toContain('Skipped 2 files');
    expect(await skipped.textContent()).toMatch(/corrupt-truncated\.png: is damaged or incomplete/);
    expect(await skipped.textContent()).toMatch(/not-an-image\.txt: not a PNG, JPEG, WebP or BMP image/);
    expect(await page.getByTestId('notice-info').first().textContent()).toContain('Imported 3 images');
    expect(await page.getByTestId('image-row').count()).toBe(3);

    const stored = await readStored(page);
    expect(stored.images.map((i) => [i.name, i.width, i.height])).toEqual([
      // Stored 821x550 with EXIF orientation 6: upright it is 550 wide.
      ['clothing-0498-exif-rotated.jpg', 550, 821],
      ['nuclei-06350c7cc618be44.png', 256, 256],
      ['nuclei-220b37f4ca7cab48.png', 320, 256],
    ]);
    expect(stored.classes).toEqual([
      { name: 'nucleus', classId: 1 },
      { name: 'debris', classId: 2 },
    ]);

    // The same files again are recognised by content.
    await page.getByTestId('import-files').setInputFiles(REAL_IMAGES.map((name) => path.join(FIXTURES, name)));
    await expect.poll(() => page.getByTestId('notice-info').last().textContent()).toContain('3 already in the project');
    expect(await page.getByTestId('image-row').count()).toBe(3);
  });

  it('imports a file dropped on the window', async () => {
    const { page } = app;
    const bytes = [...readFileSync(path.join(FIXTURES, 'clothing-0498.jpg'))];
    const dataTransfer = await page.evaluateHandle((content) => {
      const { DataTransfer, File } = globalThis as unknown as BrowserGlobals;
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(content)], 'clothing-0498.jpg', { type: 'image/jpeg' }));
      return transfer;
    }, bytes);
    await page.dispatchEvent('.app-layout', 'dragover', { dataTransfer });
    await page.dispatchEvent('.app-layout', 'drop', { dataTransfer });
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(4);
  });

  it('draws a box, a polygon and a brush stroke, undoes and redoes them, and finds them all after a reload', async () => {
    const { page } = app;
    await openImage(page, 'nuclei-06350c7cc618be44.png');
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(0);

    await page.keyboard.press('1');
    await page.keyboard.press('r');
    await dragOnCanvas(page, [150, 120], [260, 220]);
    await page.keyboard.press('2');
    await page.keyboard.press('p');
    await clickOnCanvas(page, [
      [350, 120],
      [460, 130],
      [440, 260],
      [350, 240],
      [351, 121],
    ]);
    await page.keyboard.press('1');
    await page.keyboard.press('b');
    await dragOnCanvas(page, [180, 380], [420, 400], 12);
    await expect.poll(() => annotationKinds(page)).toEqual(['box', 'polygon', 'mask']);

    const drawn = await readStored(page);
    expect(drawn.annotations.map((a) => [a.geometry.kind, a.classId]).sort()).toEqual([
      ['box', 1],
      ['polygon', 2],
    ]);
    expect(drawn.annotations.find((a) => a.geometry.kind === 'polygon')!.geometry.points).toHaveLength(8);
    expect(drawn.tiles.length).toBeGreaterThan(0);
    expect(drawn.tiles.every((t) => t.classId === 1 && t.painted > 0)).toBe(true);
    expect(drawn.images.find((i) => i.name === 'nuclei-06350c7cc618be44.png')).toMatchObject({ status: 'labeled', classIds: [1, 2] });

    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
    await expect.poll(() => page.getByTestId('annotation').count()).toBe(0);
    await expect.poll(async () => (await readStored(page)).annotations.length + (await readStored(page)).tiles.length).toBe(0);
    for (let i = 0; i < 3; i++) await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => annotationKinds(page)).toEqual(['box', 'polygon', 'mask']);
    await expect.poll(() => readStored(page)).toEqual(drawn);

    await page.keyboard.press('Escape');
    await page.keyboard.press('v');
    await page.mouse.move(0, 0);
    const canvasBefore = await settledCanvas(page);

    await page.reload();
    await openImage(page, 'nuclei-06350c7cc618be44.png');
    await expect.poll(() => annotationKinds(page)).toEqual(['box', 'polygon', 'mask']);
    expect(await readStored(page)).toEqual(drawn);
    await page.keyboard.press('v');
    await page.mouse.move(0, 0);
    expect(Buffer.compare(await settledCanvas(page), canvasBefore)).toBe(0);
  });

  it('keeps the previous state intact when the tab is killed mid-stroke', async () => {
    const { page, context, url } = app;
    await openImage(page, 'nuclei-220b37f4ca7cab48.png');
    await page.keyboard.press('b');
    await dragOnCanvas(page, [200, 200], [300, 220]);
    await expect.poll(() => annotationKinds(page)).toEqual(['mask']);
    // Let the stroke's transaction finish before taking the reference state.
    await expect.poll(async () => (await readStored(page)).images.find((i) => i.name === 'nuclei-220b37f4ca7cab48.png')?.status).toBe('labeled');
    const before = await readStored(page);
    const imageId = await page.getByTestId('canvas').getAttribute('data-image-ready');
    expect(before.tiles.filter((t) => t.id.startsWith(`${imageId}:`)).length).toBeGreaterThan(0);

    const origin = await canvasOrigin(page);
    await page.mouse.move(origin.x + 150, origin.y + 300);
    await page.mouse.down();
    await page.mouse.move(origin.x + 450, origin.y + 320, { steps: 15 });
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-state')).toBe('brush.painting');
    // Page.crash kills the renderer process, as the OS or a crash would: no unload handlers run.
    const crashed = new Promise((resolve) => page.once('crash', resolve));
    const cdp = await context.newCDPSession(page);
    void cdp.send('Page.crash').catch(() => undefined);
    await crashed;

    const fresh = await context.newPage();
    await fresh.goto(url);
    await fresh.getByTestId('image-row').first().waitFor();
    expect(await readStored(fresh)).toEqual(before);
    await openImage(fresh, 'nuclei-220b37f4ca7cab48.png');
    await expect.poll(() => annotationKinds(fresh)).toEqual(['mask']);
  });
});
