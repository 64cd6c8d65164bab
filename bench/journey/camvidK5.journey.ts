// The journey of issue #8 with default settings on a K=5 project of ../shared/data/camvid_dev: import a data
// folder (5 support images with masks, seed 10, and the first 10 queries without), Adapt, pre-label the 10,
// accept each image's proposals (Shift+A, N), and print the time of each step; screenshots go to --out.
//   npm run build && SEGADAPT_JOURNEY_OUT=docs npx vitest run --config bench/journey/vitest.config.ts

import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDataRoot } from '../fewshot/episodes';
import { createProject } from '../../tests/e2e/support/appActions';
import { launchWebApp, type WebApp } from '../../tests/e2e/support/launchWebApp';
import { storedRows } from '../../tests/e2e/support/storedRows';

const QUERIES = 10;

function camvidK5Folder(): string {
  const source = path.join(defaultDataRoot(), 'camvid_dev');
  const splits = JSON.parse(readFileSync(path.join(source, 'splits.json'), 'utf8')) as { tasks: { all_classes: { query: string[]; support_episodes: { seed: number; K5: string[] }[] } } };
  const task = splits.tasks.all_classes;
  const support = task.support_episodes.find((e) => e.seed === 10)!.K5;
  const folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-journey-'));
  mkdirSync(path.join(folder, 'images'));
  mkdirSync(path.join(folder, 'masks'));
  for (const id of [...support, ...task.query.slice(0, QUERIES)]) copyFileSync(path.join(source, 'images', `${id}.png`), path.join(folder, 'images', `${id}.png`));
  for (const id of support) copyFileSync(path.join(source, 'masks', `${id}.png`), path.join(folder, 'masks', `${id}.png`));
  writeFileSync(path.join(folder, 'classes.json'), readFileSync(path.join(source, 'classes.json')));
  return folder;
}

describe('journey', () => {
  let app: WebApp;
  let folder: string;
  const out = process.env.SEGADAPT_JOURNEY_OUT ?? path.join(os.tmpdir(), 'segadapt-journey-out');
  beforeAll(async () => {
    folder = camvidK5Folder();
    mkdirSync(out, { recursive: true });
    app = await launchWebApp({ backend: 'wasm' });
  });
  afterAll(async () => {
    await app?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('K=5 camvid_dev with default settings', async () => {
    const { page } = app;
    await page.setViewportSize({ width: 1400, height: 900 });
    const t0 = Date.now();
    const laps: string[] = [];
    const lap = (what: string) => laps.push(`${what}: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await createProject(page, 'CamVid K=5', []);
    await page.getByTestId('import-folder').setInputFiles(folder);
    await expect.poll(async () => (await storedRows(page, 'images')).length, { timeout: 120_000 }).toBe(5 + QUERIES);
    await page.getByRole('button', { name: 'Create all as new classes' }).click({ timeout: 120_000 });
    await expect.poll(async () => (await storedRows(page, 'maskTiles')).length, { timeout: 60_000 }).toBeGreaterThan(0);
    lap('imported');
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);
    await page.getByRole('button', { name: 'Adapt', exact: true }).click();
    await page.waitForTimeout(20_000);
    await page.screenshot({ path: path.join(out, 'adapt-panel.png') });
    await expect.poll(() => page.getByTestId('model-version').count(), { timeout: 1_200_000, interval: 1000 }).toBe(1);
    lap(`adapted (${await page.getByTestId('model-version').first().textContent()})`);
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => page.getByTestId('prelabel-message').textContent().catch(() => ''), { timeout: 300_000, interval: 1000 }).toMatch(/^Pre-labeled/);
    const proposals = await storedRows<{ instances: unknown[] }>(page, 'proposals');
    lap(`pre-labeled (${proposals.length} images, ${proposals.reduce((n, p) => n + p.instances.length, 0)} proposals)`);
    await page.getByTestId('review-row').first().click();
    await page.waitForTimeout(2000);
    await page.screenshot({ path: path.join(out, 'review.png') });
    for (let i = 0; i < proposals.length; i++) {
      await page.keyboard.press('Shift+A');
      await page.waitForTimeout(300);
      await page.keyboard.press('n');
      await page.waitForTimeout(700);
    }
    lap('reviewed (Shift+A, N on each image)');
    await page.getByTestId('helping-panel').locator('summary').click();
    await page.waitForTimeout(1000);
    await page.getByTestId('helping-panel').screenshot({ path: path.join(out, 'helping.png') });
    console.log(laps.join('\n'));
  });
});
