// Annotation exchange in real Chromium through the web host: a COCO file made by another tool is
// imported onto images already in the project (labels created as classes), its shapes show on the
// canvas, and the export downloads a zip whose COCO file holds the same polygons.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
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

  it('a data folder exported from the app imports into a new project as images with their masks, not masks as images', async () => {
    const { page } = app;
    await page.getByLabel('Export format').selectOption('data-folder');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export annotations…' }).click()]);
    expect(download.suggestedFilename()).toBe('VOC-data-folder.zip');
    const zipped = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(zipped).sort()).toEqual([
      'VOC-data-folder/boxes.json',
      'VOC-data-folder/classes.json',
      ...IMAGES.map((name) => `VOC-data-folder/images/${name}`),
      ...IMAGES.map((name) => `VOC-data-folder/masks/${name.replace('.jpg', '.png')}`),
    ].sort());
    const folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-data-folder-'));
    try {
      for (const [name, bytes] of Object.entries(zipped)) {
        mkdirSync(path.dirname(path.join(folder, name)), { recursive: true });
        writeFileSync(path.join(folder, name), bytes);
      }
      await createProject(page, 'Copy');
      await page.getByTestId('import-folder').setInputFiles(path.join(folder, 'VOC-data-folder'));
      await page.getByRole('button', { name: 'Create all as new classes' }).click();
      await expect.poll(() => page.getByTestId('exchange-report').textContent(), { timeout: 30_000 }).toMatch(/Imported 0 shapes and \d+ masks onto 3 images \(SegAdapt data folder\)/);
      // Three images: the masks were not imported as images.
      expect(await page.getByTestId('image-row').count()).toBe(3);
      const projects = await storedRows<{ id: string; name: string }>(page, 'projects');
      const copyId = projects.find((p) => p.name === 'Copy')!.id;
      const images = (await storedRows<{ projectId: string; name: string; classIds: number[] }>(page, 'images')).filter((i) => i.projectId === copyId);
      expect(images.map((i) => i.name.split('/').pop()).sort()).toEqual(IMAGES);
      expect(images.every((i) => i.classIds.length > 0)).toBe(true);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
