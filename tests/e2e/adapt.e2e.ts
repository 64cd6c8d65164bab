// The loop's first step in real Chromium through the web host (wasm engine): the Adapt buttons say
// why they cannot start, a labeled image is adapted with Quick (head), the job's progress shows, and
// the finished model version is listed and still there after a reload.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { createProject } from './support/appActions';

const IMAGE = path.join(APP_ROOT, 'tests', 'fixtures', 'images', 'nuclei-06350c7cc618be44.png');

async function clickOnCanvas(page: Page, points: [number, number][]): Promise<void> {
  const origin = await page.getByTestId('canvas').boundingBox();
  if (!origin) throw new Error('the canvas is not on screen');
  for (const [x, y] of points) await page.mouse.click(origin.x + x, origin.y + y);
}

const reason = (page: Page) => page.getByTestId('adapt-reason').textContent({ timeout: 5_000 }).catch(() => null);
const versionRows = (page: Page) => page.getByTestId('model-version').allTextContents();

describe('adapting from the app', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp({ backend: 'wasm' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('says why it cannot start, adapts a labeled image with Quick, and keeps the version after a reload', async () => {
    const { page } = app;
    await createProject(page, 'Cells', ['nucleus']);
    await page.getByTestId('import-files').setInputFiles([IMAGE]);
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])', { timeout: 30_000 });
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);

    const quick = page.getByRole('button', { name: 'Quick (head)' });
    await expect.poll(() => reason(page)).toMatch(/^No labeled image yet/);
    expect(await quick.isDisabled()).toBe(true);

    await page.keyboard.press('1');
    await page.keyboard.press('p');
    await clickOnCanvas(page, [
      [300, 200],
      [420, 210],
      [400, 330],
      [310, 320],
    ]);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await storedRows<{ geometry: { kind: string } }>(page, 'annotations')).map((a) => a.geometry.kind)).toEqual(['polygon']);
    await expect.poll(() => reason(page)).toMatch(/^Nothing is labeled background yet/);

    await page.getByLabel('Fully labeled').check();
    await expect.poll(() => reason(page)).toBeNull();

    await page.getByText('Advanced').click();
    // Each method says what it trains, as the engine measured it on the backbone, for these classes.
    await expect.poll(() => page.getByLabel('Method').locator('option').allTextContents(), { timeout: 60_000 }).toEqual(expect.arrayContaining([expect.stringMatching(/^head — .+ · [\d.]+ k trainable$/), expect.stringMatching(/^full — .+ · [\d.]+ M trainable$/)]));
    await page.getByLabel('Steps').fill('5');
    await page.getByLabel('Input size').fill('128');
    await quick.click();
    await page.getByTestId('adapt-running').waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('adapt-progress').textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/\d+ \/ \d+/);

    await expect.poll(() => versionRows(page), { timeout: 120_000, interval: 500 }).toHaveLength(1);
    expect((await page.getByTestId('adapt-message').textContent()) ?? '').toMatch(/^Version 1 is ready/);
    const [row] = await versionRows(page);
    expect(row).toMatch(/^Version 1 · head · .+ · (held-out mIoU \d\.\d{3}|no held-out image) · 1 labeled image /);
    await expect.poll(() => page.getByTestId('model-storage').first().textContent()).toMatch(/^ · \d+(\.\d)? (KB|MB) on disk$/);
    const [stored] = await storedRows<{ id: string; method: string; labeledImageCount: number; trainableParams: number; backend: string; classes: { id: number; name: string }[] }>(page, 'modelVersions');
    expect(stored).toMatchObject({ method: 'head', labeledImageCount: 1, backend: 'wasm' });
    expect(stored.classes.map((c) => [c.id, c.name])).toEqual([
      [0, 'background'],
      [1, 'nucleus'],
    ]);
    expect(stored.trainableParams).toBeGreaterThan(0);
    expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThan(0);
    if (process.env.ADAPT_SCREENSHOT) await page.screenshot({ path: process.env.ADAPT_SCREENSHOT });

    await page.reload();
    await expect.poll(() => versionRows(page), { timeout: 30_000 }).toEqual([row]);
  });

  it('cancels a running adaptation of the default method: no version is added', async () => {
    const { page } = app;
    await page.getByText('Advanced').click();
    await page.getByLabel('Steps').fill('2000');
    await page.getByLabel('Input size').fill('128');
    await page.getByRole('button', { name: 'Adapt', exact: true }).click();
    await expect.poll(() => page.getByTestId('adapt-progress').textContent().catch(() => ''), { timeout: 60_000 }).toMatch(/\(lora\): .+ · \d+ \/ \d+/);
    await page.getByTestId('adapt-running').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('adapt-message').textContent().catch(() => ''), { timeout: 30_000 }).toBe('Adapting was cancelled');
    expect(await page.getByTestId('adapt-running').count()).toBe(0);
    expect(await versionRows(page)).toHaveLength(1);
    expect(await storedRows(page, 'modelVersions')).toHaveLength(1);
  });
});
