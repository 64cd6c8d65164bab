// Annotation import and export in real Chromium through the web host (the path the e2e tests use):
//  - import the urban CVAT COCO file (20 images up to 5760x7150, 246 uncompressed-RLE masks, 74 boxes)
//    onto a project holding those 20 images and its 11 classes: from picking the file to the report;
//  - export 1,000 images x 20 polygons (24 vertices each) to COCO: from the click to the download.
// The images are stored straight into IndexedDB with the sizes the file names (their pixels are not
// in the fixture, and neither step decodes them). Each measure runs 3 times; the median is reported.
// Run after `npm run build`:  npx tsx bench/annotations/annotationBench.ts [--out bench/annotations/results.json]
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { createProject } from '../../tests/e2e/support/appActions';
import { APP_ROOT, launchWebApp } from '../../tests/e2e/support/launchWebApp';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EXPORT_IMAGES = 1000;
const POLYGONS_PER_IMAGE = 20;
const VERTICES = 24;

type IdbRequest<T> = { result: T; error: unknown; onsuccess: (() => void) | null; onerror: (() => void) | null };
type IdbStore = { getAll(): IdbRequest<unknown[]>; put(value: unknown): IdbRequest<unknown>; clear(): IdbRequest<unknown> };
type IdbTransaction = { objectStore(name: string): IdbStore; oncomplete: (() => void) | null; onerror: (() => void) | null };
type IdbDatabase = { transaction(stores: string | string[], mode?: 'readwrite'): IdbTransaction; close(): void };
type BenchGlobals = typeof globalThis & {
  performance: { getEntriesByType(type: string): { name: string; duration: number }[]; clearMeasures(): void };
  document: { querySelector(selector: string): { textContent: string | null } | null }; indexedDB: { open(name: string): IdbRequest<IdbDatabase> }; Blob: new (parts: unknown[], options?: { type: string }) => unknown };

interface SeedImage {
  name: string;
  width: number;
  height: number;
}

/** Drops the mask tiles earlier runs wrote (hundreds of MB), so every run starts from the same database size. */
async function clearMaskTiles(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const g = globalThis as BenchGlobals;
    const db = await new Promise<IdbDatabase>((resolve, reject) => {
      const request = g.indexedDB.open('segadapt');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction(['maskTiles'], 'readwrite');
    tx.objectStore('maskTiles').clear();
    await new Promise<void>((resolve) => (tx.oncomplete = () => resolve()));
    db.close();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Stores images (tiny blobs), classes and polygons for the project named `projectName`. */
async function seed(page: Page, projectName: string, images: SeedImage[], classNames: string[], polygonsPerImage: number): Promise<void> {
  await page.evaluate(
    async ({ projectName, images, classNames, polygonsPerImage, vertices }) => {
      const g = globalThis as BenchGlobals;
      const db = await new Promise<IdbDatabase>((resolve, reject) => {
        const request = g.indexedDB.open('segadapt');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const projects = await new Promise<{ id: string; name: string }[]>((resolve) => {
        const request = db.transaction('projects').objectStore('projects').getAll();
        request.onsuccess = () => resolve(request.result as never);
      });
      const projectId = projects.find((p) => p.name === projectName)!.id;
      const tx = db.transaction(['images', 'imageBlobs', 'classes', 'annotations'], 'readwrite');
      const palette = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4'];
      classNames.forEach((name, i) => tx.objectStore('classes').put({ v: 1, id: `${projectId}-class-${i}`, projectId, classId: i + 1, name, color: palette[i % palette.length], opacity: 0.5, visible: true, order: i }));
      const now = Date.now();
      images.forEach((image, i) => {
        const id = `${projectId}-image-${i}`;
        const contentHash = (projectId.replace(/[^0-9a-f]/g, '') + i.toString(16).padStart(8, '0')).padEnd(64, '0').slice(0, 64);
        const hasPolygons = polygonsPerImage > 0;
        tx.objectStore('images').put({ v: 2, id, projectId, name: image.name, contentHash, mimeType: 'image/jpeg', byteLength: 3, width: image.width, height: image.height, status: hasPolygons ? 'labeled' : 'unlabeled', fullyLabeled: false, classIds: hasPolygons ? [1] : [], annotationCount: polygonsPerImage, thumbnail: new g.Blob([new Uint8Array([1])]), addedAt: now + i, updatedAt: now });
        tx.objectStore('imageBlobs').put({ imageId: id, blob: new g.Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }) });
        for (let k = 0; k < polygonsPerImage; k++) {
          const cx = ((k % 5) + 0.5) * (image.width / 5), cy = (Math.floor(k / 5) + 0.5) * (image.height / 4), r = Math.min(image.width, image.height) / 12;
          const points: number[] = [];
          for (let v = 0; v < vertices; v++) {
            const a = (v / vertices) * 2 * Math.PI;
            points.push(Math.round((cx + r * Math.cos(a) * (1 + 0.2 * Math.sin(5 * a))) * 100) / 100, Math.round((cy + r * Math.sin(a)) * 100) / 100);
          }
          tx.objectStore('annotations').put({ v: 1, id: `${id}-p${k}`, projectId, imageId: id, classId: 1, geometry: { kind: 'polygon', points }, source: 'manual', updatedAt: now + i * polygonsPerImage + k });
        }
      });
      await new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(new Error('seeding failed'));
      });
      db.close();
    },
    { projectName, images, classNames, polygonsPerImage, vertices: VERTICES },
  );
}

async function openProject(page: Page, name: string, imageCount: number): Promise<void> {
  await page.reload({ timeout: 120_000 });
  await page.getByLabel('Current project').waitFor({ timeout: 120_000 });
  const value = await page.getByLabel('Current project').locator('option', { hasText: name }).getAttribute('value');
  await page.getByLabel('Current project').selectOption(value!);
  await page.waitForFunction((count) => (globalThis as BenchGlobals).document.querySelector('[data-testid="image-count"]')?.textContent === String(count), imageCount, { timeout: 60_000 });
}

async function main(): Promise<void> {
  const out = process.argv.includes('--out') ? process.argv[process.argv.indexOf('--out') + 1] : null;
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-annotation-bench-'));
  const cocoPath = path.join(workDir, 'instances_default.json');
  const cocoText = new TextDecoder().decode(gunzipSync(new Uint8Array(readFileSync(path.join(APP_ROOT, 'tests', 'fixtures', 'exchange', 'coco', 'urban_instances_default.json.gz')))));
  writeFileSync(cocoPath, cocoText);
  const coco = JSON.parse(cocoText) as { images: { file_name: string; width: number; height: number }[]; categories: { name: string }[]; annotations: unknown[] };
  const app = await launchWebApp({ viewport: { width: 1400, height: 900 } });
  const { page } = app;
  // tsx compiles with esbuild's keepNames, which wraps functions inside page.evaluate in a __name helper the page lacks.
  const defineName = 'globalThis.__name = (fn) => fn';
  await page.addInitScript(defineName);
  await page.evaluate(defineName);
  const results: Record<string, unknown> = { chromium: await app.browser.version(), machine: `${os.cpus().length} cores, ${os.cpus()[0]?.model ?? ''}` };
  try {
    const imports: number[] = [];
    const phases: Record<string, number>[] = [];
    let importReport = '';
    for (let run = 1; run <= RUNS; run++) {
      const name = `Urban ${run}`;
      await clearMaskTiles(page);
      await createProject(page, name);
      await seed(page, name, coco.images.map((i) => ({ name: i.file_name, width: i.width, height: i.height })), coco.categories.map((c) => c.name), 0);
      await openProject(page, name, coco.images.length);
      const started = Date.now();
      await page.getByTestId('import-annotations').setInputFiles(cocoPath);
      await page.waitForFunction(() => /Imported|refused|failed/.test((globalThis as BenchGlobals).document.querySelector('[data-testid="exchange-report"]')?.textContent ?? ''), null, { timeout: 120_000, polling: 20 });
      imports.push(Date.now() - started);
      importReport = (await page.getByTestId('exchange-report').textContent()) ?? '';
      phases.push(
        await page.evaluate(() => {
          const timeline = (globalThis as BenchGlobals).performance;
          const measures = Object.fromEntries(timeline.getEntriesByType('measure').filter((m) => m.name.startsWith('exchange:')).map((m) => [m.name, Math.round(m.duration)]));
          timeline.clearMeasures();
          return measures;
        }),
      );
      console.error(`import run ${run}: ${imports[imports.length - 1]} ms`);
    }
    results[`import urban COCO (${coco.images.length} images, ${coco.annotations.length} annotations), ms`] = { runs: imports, median: median(imports) };
    results['import phases, ms (per run)'] = phases;
    results['import report'] = importReport;

    await clearMaskTiles(page);
    const exportName = 'Export bench';
    await createProject(page, exportName);
    const images = Array.from({ length: EXPORT_IMAGES }, (_, i) => ({ name: `frame-${String(i).padStart(4, '0')}.jpg`, width: 1920, height: 1080 }));
    await seed(page, exportName, images, ['object'], POLYGONS_PER_IMAGE);
    await openProject(page, exportName, EXPORT_IMAGES);
    const exports: number[] = [];
    let size = 0, exportedAnnotations = 0, jsonBytes = 0;
    for (let run = 1; run <= RUNS; run++) {
      const started = Date.now();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 120_000 }), page.getByRole('button', { name: 'Export annotations…' }).click()]);
      exports.push(Date.now() - started);
      const zip = new Uint8Array(readFileSync((await download.path())!));
      size = zip.length;
      const [json] = Object.values(unzipSync(zip));
      jsonBytes = json.length;
      exportedAnnotations = (JSON.parse(new TextDecoder().decode(json)) as { annotations: unknown[] }).annotations.length;
      console.error(`export run ${run}: ${exports[exports.length - 1]} ms`);
      await page.waitForFunction(() => /Exported/.test((globalThis as BenchGlobals).document.querySelector('[data-testid="exchange-report"]')?.textContent ?? ''));
    }
    results[`export ${EXPORT_IMAGES} images x ${POLYGONS_PER_IMAGE} polygons (${VERTICES} vertices) to COCO, ms`] = { runs: exports, median: median(exports) };
    results['export: annotations in the file, JSON MB, zip MB'] = [exportedAnnotations, Math.round(jsonBytes / 1e4) / 100, Math.round(size / 1e4) / 100];
  } finally {
    await app.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  const text = JSON.stringify(results, null, 2);
  console.log(text);
  if (out) writeFileSync(out, text + '\n');
}

void main();
