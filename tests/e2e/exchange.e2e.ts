// Annotation exchange in real Chromium through the web host: a COCO file made by another tool is
// imported onto images already in the project (labels created as classes), its shapes show on the
// canvas, and the export downloads a zip whose COCO file holds the same polygons.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { createProject } from './support/appActions';
import { storedRows } from './support/storedRows';

const FIXTURE = path.join(APP_ROOT, 'tests', 'fixtures', 'exchange', 'coco', 'labelme_voc');
const IMAGES = ['2011_000003.jpg', '2011_000006.jpg', '2011_000025.jpg'];

interface CocoFile {
  images: { id: number; file_name: string; width: number; height: number }[];
  categories: { id: number; name: string }[];
  annotations: { image_id: number; category_id: number; segmentation: number[][]; attributes: { source: string } }[];
}

describe('annotation export and import in Chromium', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('imports a labelme COCO file onto imported images, shows its shapes, and exports them as a zip', async () => {
    const { page } = app;
    await createProject(page, 'VOC');
    await page.getByTestId('import-files').setInputFiles(IMAGES.map((name) => path.join(FIXTURE, 'JPEGImages', name)));
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(3);

    await page.getByTestId('import-annotations').setInputFiles(path.join(FIXTURE, 'annotations.json'));
    await page.getByRole('button', { name: 'Create all as new classes' }).click();
    const report = page.getByTestId('exchange-report');
    await expect.poll(() => report.textContent(), { timeout: 30_000 }).toContain('Imported 16 shapes and 0 masks onto 3 images (COCO)');

    const classes = await storedRows<{ name: string }>(page, 'classes');
    expect(classes.map((c) => c.name).sort()).toEqual(['bottle', 'bus', 'car', 'chair', 'person', 'sofa']);
    const images = await storedRows<{ name: string; status: string; annotationCount: number }>(page, 'images');
    expect(images.map((i) => [i.name, i.status, i.annotationCount]).sort()).toEqual([
      ['2011_000003.jpg', 'labeled', 4],
      ['2011_000006.jpg', 'labeled', 9],
      ['2011_000025.jpg', 'labeled', 3],
    ]);

    // The shapes are in the open image's document: the annotation list beside the canvas shows them.
    await page.getByTestId('image-row').filter({ hasText: '2011_000006.jpg' }).click();
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])', { timeout: 30_000 });
    await expect.poll(() => page.getByTestId('annotation').evaluateAll((items) => items.map((item) => item.getAttribute('data-kind')))).toEqual(Array(9).fill('polygon'));

    await page.getByLabel('Export format').selectOption('coco');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export annotations…' }).click()]);
    expect(download.suggestedFilename()).toBe('VOC-coco.zip');
    const zipped = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(zipped)).toEqual(['VOC-coco/annotations/instances.json']);
    const exported = JSON.parse(new TextDecoder().decode(zipped['VOC-coco/annotations/instances.json'])) as CocoFile;
    const original = JSON.parse(readFileSync(path.join(FIXTURE, 'annotations.json'), 'utf8')) as CocoFile;

    // The same polygons on the same images, under the same names: each part of a multi-part object is a polygon of its own.
    const polygons = (file: CocoFile) => {
      const names = new Map(file.categories.map((c) => [c.id, c.name]));
      const imageNames = new Map(file.images.map((i) => [i.id, path.basename(i.file_name)]));
      return file.annotations.flatMap((a) => a.segmentation.map((points) => `${imageNames.get(a.image_id)} ${names.get(a.category_id)} ${points.join(',')}`)).sort();
    };
    expect(polygons(exported)).toEqual(polygons(original));
    expect(exported.images.map((i) => [i.file_name, i.width, i.height]).sort()).toEqual([
      ['2011_000003.jpg', 500, 338],
      ['2011_000006.jpg', 500, 375],
      ['2011_000025.jpg', 500, 375],
    ]);
    expect(new Set(exported.annotations.map((a) => a.attributes.source))).toEqual(new Set(['manual']));
    await expect.poll(() => report.textContent()).toContain('Exported 3 images, 16 shapes as COCO');
  });
});
