// Pre-labels in real Chromium through the web host (wasm engine): one image is labeled and adapted with
// Quick (head), the other is pre-labeled; its proposals are drawn apart from the shapes, Shift+A
// accepts them all as annotations marked 'predicted', and they are still there after a reload.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { createProject } from './support/appActions';
import { labelAndQuickAdapt, openImageByName as openImage } from './support/canvasActions';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');
const LABELED = 'nuclei-06350c7cc618be44.png';
const UNLABELED = 'nuclei-220b37f4ca7cab48.png';

type StoredAnnotation = { imageId: string; source: string; geometry: { kind: string } };
type StoredImage = { id: string; name: string; status: string };

describe('pre-labeling from the app', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp({ backend: 'wasm' });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('pre-labels an unlabeled image, draws its proposals, accepts them all with Shift+A, and keeps them after a reload', async () => {
    const { page } = app;
    await createProject(page, 'Cells', ['nucleus']);
    await page.getByTestId('import-files').setInputFiles([path.join(FIXTURES, LABELED), path.join(FIXTURES, UNLABELED)]);
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(2);
    const labeledId = await openImage(page, LABELED);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);
    await expect.poll(() => page.getByTestId('prelabel-reason').textContent().catch(() => null)).toBe('Adapt a model version first');

    await labelAndQuickAdapt(page);
    const [version] = await storedRows<{ id: string; name: string }>(page, 'modelVersions');

    const unlabeledId = await openImage(page, UNLABELED);
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => page.getByTestId('prelabel-message').textContent().catch(() => ''), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: 1 of 1 image got proposals from Version 1$/);

    const [proposal] = await storedRows<{ imageId: string; modelVersionId: string; instances: unknown[] }>(page, 'proposals');
    expect(proposal).toMatchObject({ imageId: unlabeledId, modelVersionId: version.id });
    const count = proposal.instances.length;
    expect(count).toBeGreaterThan(0);
    expect((await storedRows<StoredImage>(page, 'images')).find((i) => i.id === unlabeledId)!.status).toBe('pre-labeled');
    await expect.poll(() => page.getByTestId('canvas').getAttribute('data-proposals')).toBe(String(count));
    expect(await page.getByTestId('review-summary').textContent()).toContain(`${count} of ${count} ${count === 1 ? 'proposal' : 'proposals'} from Version 1 to review`);
    // Proposals are not labels: the image has no annotation yet.
    expect((await storedRows<StoredAnnotation>(page, 'annotations')).filter((a) => a.imageId === unlabeledId)).toEqual([]);
    if (process.env.PRELABEL_SCREENSHOT) await page.screenshot({ path: process.env.PRELABEL_SCREENSHOT });

    await page.keyboard.press('Escape');
    await page.keyboard.press('Shift+A');
    await expect.poll(async () => (await storedRows<StoredAnnotation>(page, 'annotations')).filter((a) => a.imageId === unlabeledId).length).toBe(count);
    const accepted = (await storedRows<StoredAnnotation>(page, 'annotations')).filter((a) => a.imageId === unlabeledId);
    expect(new Set(accepted.map((a) => `${a.source} ${a.geometry.kind}`))).toEqual(new Set(['predicted polygon']));
    // The proposals stay beside the shapes they became, each with its decision.
    expect(await storedRows(page, 'proposals')).toHaveLength(1);
    expect((await storedRows<{ decision: string; via: string }>(page, 'reviewDecisions')).map((d) => `${d.decision} ${d.via}`)).toEqual(Array(count).fill('accepted acceptAll'));
    expect(await page.getByTestId('canvas').getAttribute('data-proposals')).toBe('0');
    expect(await page.getByTestId('proposal-bar').getAttribute('data-pending')).toBe('0');
    expect((await storedRows<StoredAnnotation>(page, 'annotations')).filter((a) => a.imageId === labeledId).map((a) => a.source)).toEqual(['manual']);

    await page.reload();
    await page.waitForSelector(`[data-testid="canvas"][data-image-ready="${unlabeledId}"]`, { timeout: 30_000 });
    expect((await storedRows<StoredAnnotation>(page, 'annotations')).filter((a) => a.imageId === unlabeledId)).toHaveLength(count);
    expect((await storedRows<StoredImage>(page, 'images')).find((i) => i.id === unlabeledId)!.status).toBe('labeled');
    expect(await page.getByTestId('canvas').getAttribute('data-proposals')).toBe('0');

    // Two more images, selected with Ctrl+click in the list, pre-labeled as a selection; a labeled
    // image in a Shift+click run is not a target.
    await page.getByTestId('import-files').setInputFiles([path.join(FIXTURES, 'clothing-0498.jpg'), path.join(FIXTURES, 'clothing-0498-exif-rotated.jpg')]);
    await expect.poll(() => page.getByTestId('image-row').count(), { timeout: 30_000 }).toBe(4);
    const row = (name: string) => page.getByTestId('image-row').filter({ hasText: name });
    await row(LABELED).click();
    await row('clothing-0498-exif-rotated.jpg').click({ modifiers: ['Shift'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('4 selected');
    await row(LABELED).click({ modifiers: ['ControlOrMeta'] });
    await row(UNLABELED).click({ modifiers: ['ControlOrMeta'] });
    await expect.poll(() => page.getByTestId('selection-count').textContent()).toBe('2 selected');
    expect(await page.locator('[data-testid="image-row"][data-selected="true"]').allTextContents()).toEqual([expect.stringContaining('clothing-0498.jpg'), expect.stringContaining('clothing-0498-exif-rotated.jpg')]);
    const scope = page.getByLabel('Images to pre-label');
    await scope.selectOption('selected');
    expect(await scope.locator('option:checked').textContent()).toBe('unlabeled images selected in the list (2)');
    await page.getByRole('button', { name: 'Pre-label unlabeled images' }).click();
    await expect.poll(() => page.getByTestId('prelabel-message').textContent().catch(() => ''), { timeout: 120_000, interval: 500 }).toMatch(/^Pre-labeled: [0-2] of 2 images got proposals from Version 1$/);
    const clothing = (await storedRows<StoredImage>(page, 'images')).filter((i) => i.name.startsWith('clothing')).map((i) => i.id);
    expect((await storedRows<{ imageId: string }>(page, 'proposals')).map((p) => p.imageId).filter((id) => clothing.includes(id)).length).toBe((await storedRows<StoredImage>(page, 'images')).filter((i) => clothing.includes(i.id) && i.status === 'pre-labeled').length);
  });
});
