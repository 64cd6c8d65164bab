// Model import in real Chromium through the web host (wasm engine): a Quick version is exported from its row
// as "Adapter only", deleted from the project (and from the host's model store), and the downloaded zip is
// imported with "Import model…": the version is back, under a fresh model id, and pre-labels an image. The
// same zip with another base model checksum in its segadapt.json is refused in one line naming the file.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProject } from './support/appActions';
import { labelAndQuickAdapt, openImageByName } from './support/canvasActions';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');
const LABELED = 'nuclei-06350c7cc618be44.png';
const UNLABELED = 'nuclei-220b37f4ca7cab48.png';

const importMessage = (page: Page) => page.getByTestId('model-import-message').textContent({ timeout: 1_000 }).catch(() => null);

interface StoredVersion {
  id: string;
  name: string;
  method: string;
  trainableParams: number;
  metrics: Record<string, number>;
}

describe('model import in the app', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp({ backend: 'wasm' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('an exported adapter zip, imported after its version was deleted, is a version again that pre-labels; a tampered one is refused', async () => {
    const { page } = app;
    await createProject(page, 'Cells', ['nucleus']);
    await page.getByTestId('import-files').setInputFiles([path.join(FIXTURES, LABELED), path.join(FIXTURES, UNLABELED)]);
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(2);
    await openImageByName(page, LABELED);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);
    await labelAndQuickAdapt(page);
    const [original] = await storedRows<StoredVersion>(page, 'modelVersions');

    await page.getByRole('button', { name: 'Export Version 1' }).click();
    await page.getByLabel('Model export format').selectOption('adapter');
    const downloaded = page.waitForEvent('download', { timeout: 120_000 });
    await page.getByRole('button', { name: 'Export model' }).click();
    const download = await downloaded;
    expect(download.suggestedFilename()).toBe('Version-1-adapter.zip');
    const zip = new Uint8Array(readFileSync((await download.path())!));

    await page.getByRole('button', { name: 'Delete Version 1' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.getByTestId('model-version').count()).toBe(0);

    // Another base model's weights: the engine refuses the adapter, and the project gets no version.
    const files = unzipSync(zip);
    const metadataName = Object.keys(files).find((name) => name.endsWith('segadapt.json'))!;
    const metadata = JSON.parse(new TextDecoder().decode(files[metadataName])) as Record<string, unknown>;
    expect(metadata.baseModelChecksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    files[metadataName] = new TextEncoder().encode(JSON.stringify({ ...metadata, baseModelChecksum: `sha256:${'0'.repeat(64)}` }));
    await page.getByTestId('import-model').setInputFiles({ name: 'Version-1-tampered.zip', mimeType: 'application/zip', buffer: Buffer.from(zipSync(files)) });
    await expect.poll(() => importMessage(page), { timeout: 60_000, interval: 250 }).toMatch(/^Version-1-tampered\.zip: segadapt\.json: this adapter was trained on other weights of \S+ \(checksum sha256:0{12}\.\.\., installed sha256:[0-9a-f]{12}\.\.\.\); refusing to apply it to a different base model$/);
    expect(await page.getByTestId('model-version').count()).toBe(0);

    await page.getByTestId('import-model').setInputFiles({ name: 'Version-1-adapter.zip', mimeType: 'application/zip', buffer: Buffer.from(zip) });
    await expect.poll(() => importMessage(page), { timeout: 60_000, interval: 250 }).toBe('Imported Version 1 (head) from Version-1-adapter.zip');
    await expect.poll(() => page.getByTestId('model-version').count()).toBe(1);
    const [imported] = await storedRows<StoredVersion>(page, 'modelVersions');
    expect(imported.id).not.toBe(original.id);
    expect(imported).toMatchObject({ name: 'Version 1', method: 'head', trainableParams: original.trainableParams, metrics: original.metrics });
    // Its weights are in the host's model store (the row shows their size, not "weights missing").
    await expect.poll(() => page.getByTestId('model-storage').textContent().catch(() => '')).not.toMatch(/missing/);

    await openImageByName(page, UNLABELED);
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => page.getByTestId('prelabel-message').textContent().catch(() => ''), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: 1 of 1 image got proposals from Version 1$/);
    const [proposal] = await storedRows<{ modelVersionId: string; instances: unknown[] }>(page, 'proposals');
    expect(proposal.modelVersionId).toBe(imported.id);
    expect(proposal.instances.length).toBeGreaterThan(0);
    expect(app.hostOutput()).not.toMatch(/page errors/);
  });
});
