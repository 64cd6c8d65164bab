// Reviewing pre-labels in real Chromium through the web host (wasm engine): one image is labeled and
// adapted with Quick (head), three are pre-labeled; from the review queue one proposal is accepted
// (A, undone and redone), one rejected (X), one edited (E, then a vertex dragged); after a reload
// every decision is still there, and the "is it helping" panel counts them. Then the engine is killed
// during a pre-label job: the panel says so in one line, the stored proposals stay, and the next job
// works; a reload mid-job shows it as interrupted.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { createProject } from './support/appActions';
import { imageToPage, labelAndQuickAdapt, openImageByName } from './support/canvasActions';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures');
const LABELED = 'nuclei-06350c7cc618be44.png';
const UNLABELED = ['nuclei-220b37f4ca7cab48.png', 'nuclei-003cee89357d9fe1.png', 'nuclei-1740b0a67ca337ea.png'];
const FILES = [`images/${LABELED}`, `images/${UNLABELED[0]}`, `review/${UNLABELED[1]}`, `review/${UNLABELED[2]}`].map((name) => path.join(FIXTURES, name));

type Decision = { imageId: string; decision: string; via: string; annotationId: string | null; proposal: { id: string; polygon: number[] } };
type Annotation = { id: string; imageId: string; source: string; geometry: { kind: string; points?: number[] } };
type Proposal = { imageId: string; instances: { id: string }[] };

const message = (page: Page) => page.getByTestId('prelabel-message').textContent({ timeout: 1_000 }).catch(() => '');
const pendingHere = async (page: Page) => Number((await page.getByTestId('proposal-bar').getAttribute('data-pending').catch(() => '0')) ?? 0);

async function waitForEngine(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000, interval: 500 }).toMatch(/^ready/);
}

/** Moves on to the next queued image (N) when the open one has nothing left to review. */
async function ensurePending(page: Page): Promise<void> {
  if ((await pendingHere(page)) > 0) return;
  const before = await page.getByTestId('canvas').getAttribute('data-image-ready');
  await page.keyboard.press('n');
  await expect.poll(async () => (await page.getByTestId('canvas').getAttribute('data-image-ready')) !== before && (await pendingHere(page)) > 0, { timeout: 15_000 }).toBe(true);
}

describe('reviewing pre-labels', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp({ backend: 'wasm' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('accepts, rejects and edits proposals from the queue, keeps every decision after a reload, and survives the engine dying mid pre-label', async () => {
    const { page } = app;
    const started = Date.now();
    await createProject(page, 'Cells', ['nucleus']);
    await page.getByTestId('import-files').setInputFiles(FILES);
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(4);
    await openImageByName(page, LABELED);
    await waitForEngine(page);

    await labelAndQuickAdapt(page);

    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => message(page), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: \d of 3 images got proposals from Version 1$/);
    const proposals = await storedRows<Proposal>(page, 'proposals');
    const instanceCount = proposals.reduce((n, p) => n + p.instances.length, 0);
    console.log(`review e2e: ${proposals.length} images with ${instanceCount} proposals after ${Math.round((Date.now() - started) / 1000)} s`);
    expect(instanceCount).toBeGreaterThanOrEqual(3);

    // The queue: one row per image with proposals, each saying why it is there; the first opens.
    const rows = page.getByTestId('review-row');
    await expect.poll(() => rows.count()).toBe(proposals.length);
    expect(await rows.first().textContent()).toMatch(/least confident proposal \d+%|mean pixel confidence \d+%/);
    await rows.first().click();
    await expect.poll(() => pendingHere(page), { timeout: 15_000 }).toBeGreaterThan(0);
    if (process.env.REVIEW_SCREENSHOT) await page.screenshot({ path: process.env.REVIEW_SCREENSHOT });

    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('a');
    await expect.poll(async () => (await storedRows<Decision>(page, 'reviewDecisions')).length).toBe(1);
    // The accepted shape is listed as model-assisted, unlike a drawn one.
    await expect.poll(() => page.getByTestId('model-assisted').count()).toBe(1);
    // Undo takes the decision and its shape back; redo makes them again.
    await page.keyboard.press('Control+z');
    await expect.poll(async () => [(await storedRows<Decision>(page, 'reviewDecisions')).length, (await storedRows<Annotation>(page, 'annotations')).filter((a) => a.source === 'predicted').length]).toEqual([0, 0]);
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(async () => [(await storedRows<Decision>(page, 'reviewDecisions')).length, (await storedRows<Annotation>(page, 'annotations')).filter((a) => a.source === 'predicted').length]).toEqual([1, 1]);
    await ensurePending(page);
    await page.keyboard.press('x');
    await expect.poll(async () => (await storedRows<Decision>(page, 'reviewDecisions')).length).toBe(2);
    await ensurePending(page);
    await page.keyboard.press('e');
    await expect.poll(async () => (await storedRows<Decision>(page, 'reviewDecisions')).length).toBe(3);
    const decisions = await storedRows<Decision>(page, 'reviewDecisions');
    expect(decisions.map((d) => `${d.decision} ${d.via}`).sort()).toEqual(['accepted accept', 'accepted edit', 'rejected reject']);

    // E selected the accepted shape with the select tool: drag its first vertex.
    const edited = decisions.find((d) => d.via === 'edit')!;
    const [x0, y0] = edited.proposal.polygon;
    const from = await imageToPage(page, x0, y0);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(from.x + 12, from.y + 9, { steps: 4 });
    await page.mouse.up();
    await expect
      .poll(async () => (await storedRows<Annotation>(page, 'annotations')).find((a) => a.id === edited.annotationId)?.geometry.points?.slice(0, 2))
      .not.toEqual([x0, y0]);

    // "Is it helping?": one accepted unchanged, one edited (with its IoU), one rejected, for Version 1.
    await page.getByTestId('helping-panel').locator('summary').click();
    await expect.poll(() => page.getByTestId('helping-row').first().locator('td').allTextContents(), { timeout: 10_000 }).toEqual(['Version 1', '1', expect.stringMatching(/^1 \(IoU (0\.\d\d|1\.00)\)$/), '1', '0', expect.stringMatching(/^(\d+ s|–)$/)]);

    if (process.env.HELPING_SCREENSHOT) await page.screenshot({ path: process.env.HELPING_SCREENSHOT });

    const before = { decisions: await storedRows<Decision>(page, 'reviewDecisions'), annotations: await storedRows<Annotation>(page, 'annotations') };
    const assisted = before.annotations.filter((a) => a.source === 'predicted');
    expect(assisted.map((a) => a.id).sort()).toEqual(decisions.filter((d) => d.annotationId).map((d) => d.annotationId).sort());

    await page.reload();
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])', { timeout: 30_000 });
    expect(await storedRows<Decision>(page, 'reviewDecisions')).toEqual(before.decisions);
    expect(await storedRows<Annotation>(page, 'annotations')).toEqual(before.annotations);
    expect(await storedRows<Proposal>(page, 'proposals')).toHaveLength(proposals.length);
    // The queue counts what is left: every proposal but the three decided.
    await expect.poll(async () => (await rows.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-pending'))))).reduce((a, b) => a + b, 0)).toBe(instanceCount - 3);
    const decidedImage = decisions[0].imageId;
    await page.locator(`[data-testid="review-row"][data-image-id="${decidedImage}"]`).click();
    await expect.poll(() => page.getByTestId('proposal-bar').getAttribute('data-pending')).toBe(String(proposals.find((p) => p.imageId === decidedImage)!.instances.length - decisions.filter((d) => d.imageId === decidedImage).length));

    // The engine dies during a pre-label job: one line says so, the stored proposals and decisions stay.
    await waitForEngine(page);
    const enginePids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(app.host.pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    expect(enginePids).toHaveLength(1);
    // Frozen first, so the one-image job (tens of ms) cannot finish before the kill lands.
    process.kill(enginePids[0], 'SIGSTOP');
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await page.getByTestId('prelabel-running').waitFor({ timeout: 15_000 });
    process.kill(enginePids[0], 'SIGKILL');
    await expect.poll(() => message(page), { timeout: 30_000, interval: 250 }).toMatch(/^Pre-labeling failed: the engine process was killed \(SIGKILL\)/);
    expect((await message(page))!.split('\n')).toHaveLength(1);
    expect(await storedRows<Decision>(page, 'reviewDecisions')).toEqual(before.decisions);
    expect(await storedRows<Proposal>(page, 'proposals')).toHaveLength(proposals.length);

    // The next job works once the engine is back.
    await waitForEngine(page);
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => message(page), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: \d of \d images? got proposals from Version 1$/);
    expect(await storedRows<Decision>(page, 'reviewDecisions')).toEqual(before.decisions);

    // A reload mid-job shows the job as interrupted, not running; and the next one works again.
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await page.getByTestId('prelabel-running').waitFor({ timeout: 15_000 });
    await page.reload();
    await expect.poll(() => message(page), { timeout: 30_000, interval: 250 }).toMatch(/^Pre-labeling was interrupted \(the app was reloaded or closed\)/);
    expect(await page.getByTestId('prelabel-running').count()).toBe(0);
    expect((await storedRows<{ outcome: string | null }>(page, 'jobs')).map((j) => j.outcome)).not.toContain(null);
    await waitForEngine(page);
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => message(page), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: /);
    console.log(`review e2e: whole journey ${Math.round((Date.now() - started) / 1000)} s`);
  });
});
