// WebP and BMP files import like PNG and JPEG: decoded, with their real size, in Chromium.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { bmp24 } from '../support/bmp24';
import { createProject } from './support/appActions';

type StoredImage = { name: string; width: number; height: number };

describe('image formats in Chromium', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('imports a WebP and a BMP with their sizes', async () => {
    const { page } = app;
    await createProject(page, 'Formats');

    const nuclei = PNG.sync.read(readFileSync(path.join(APP_ROOT, 'tests', 'fixtures', 'images', 'nuclei-220b37f4ca7cab48.png')));
    const rgba = (x: number, y: number): [number, number, number] => {
      const i = (y * nuclei.width + x) * 4;
      return [nuclei.data[i], nuclei.data[i + 1], nuclei.data[i + 2]];
    };
    const bmp = Buffer.from(bmp24(nuclei.width, nuclei.height, rgba));
    // Chromium's own encoder writes the WebP, so the test needs no WebP library.
    const webp = await page.evaluate(async () => {
      type Canvas2D = { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void };
      type Offscreen = { getContext(kind: '2d'): Canvas2D | null; convertToBlob(options: { type: string; quality: number }): Promise<Blob> };
      const { OffscreenCanvas } = globalThis as unknown as { OffscreenCanvas: new (w: number, h: number) => Offscreen };
      const canvas = new OffscreenCanvas(96, 64);
      const context = canvas.getContext('2d')!;
      context.fillStyle = '#3a7';
      context.fillRect(0, 0, 96, 64);
      context.fillStyle = '#e33';
      context.fillRect(10, 10, 30, 20);
      const blob = await canvas.convertToBlob({ type: 'image/webp', quality: 0.9 });
      return [...new Uint8Array(await blob.arrayBuffer())];
    });
    expect(String.fromCharCode(...webp.slice(8, 12))).toBe('WEBP');

    await page.getByTestId('import-files').setInputFiles([
      { name: 'nuclei.bmp', mimeType: 'image/bmp', buffer: bmp },
      { name: 'swatch.webp', mimeType: 'image/webp', buffer: Buffer.from(webp) },
    ]);
    await expect.poll(() => page.getByTestId('notice-info').first().textContent()).toContain('Imported 2 images');

    const images = (await storedRows<StoredImage>(page, 'images')).map(({ name, width, height }) => ({ name, width, height })).sort((a, b) => a.name.localeCompare(b.name));
    expect(images).toEqual([
      { name: 'nuclei.bmp', width: nuclei.width, height: nuclei.height },
      { name: 'swatch.webp', width: 96, height: 64 },
    ]);
  });
});
