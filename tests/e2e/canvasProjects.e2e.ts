// Project and class management, vertex editing and list filters, driven through the UI in Chromium.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { APP_ROOT, launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';
import { storedRows } from './support/storedRows';
import { answerPrompt, createProject } from './support/appActions';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');

async function onCanvas(page: Page, x: number, y: number): Promise<[number, number]> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('the canvas is not on screen');
  return [box.x + x, box.y + y];
}

describe('projects, classes and editing in Chromium', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('renames, recolours, hides and deletes classes, moving their annotations when asked', async () => {
    const { page } = app;
    await createProject(page, 'Cells', ['nucleus', 'dbris']);
    await page.getByRole('button', { name: 'Rename dbris' }).click();
    await answerPrompt(page, 'Class name', 'debris');
    await page.getByLabel('Colour of debris').fill('#00aaff');
    await page.getByLabel('Show nucleus').uncheck();
    await expect
      .poll(async () => (await storedRows<{ name: string; color: string; visible: boolean }>(page, 'classes')).map((c) => [c.name, c.color, c.visible]).sort())
      .toEqual([
        ['debris', '#00aaff', true],
        ['nucleus', '#e6194b', false],
      ]);
    await page.getByLabel('Show nucleus').check();

    await page.getByTestId('import-files').setInputFiles([path.join(FIXTURES, 'nuclei-06350c7cc618be44.png'), path.join(FIXTURES, 'nuclei-220b37f4ca7cab48.png')]);
    await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])');
    await page.keyboard.press('2');
    await page.keyboard.press('r');
    await page.mouse.move(...(await onCanvas(page, 100, 100)));
    await page.mouse.down();
    await page.mouse.move(...(await onCanvas(page, 200, 180)), { steps: 4 });
    await page.mouse.up();
    await expect.poll(async () => (await storedRows<{ classId: number }>(page, 'annotations')).map((a) => a.classId)).toEqual([2]);

    await page.getByRole('button', { name: 'Delete debris' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete class “debris”?' });
    await dialog.getByRole('button', { name: 'Move them to “nucleus”' }).click();
    await expect.poll(async () => (await storedRows<{ classId: number }>(page, 'annotations')).map((a) => a.classId)).toEqual([1]);
    expect(await page.getByTestId('class-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('annotation').textContent()).toBe('Box · nucleus');
  });

  it('edits polygon vertices: drag one, insert one on an edge (select tool), delete one with Alt+click', async () => {
    const { page } = app;
    await page.keyboard.press('p');
    for (const [x, y] of [
      [300, 300],
      [500, 300],
      [500, 450],
    ])
      await page.mouse.click(...(await onCanvas(page, x, y)));
    await page.keyboard.press('Enter');
    const polygonPoints = async () => (await storedRows<{ geometry: { kind: string; points?: number[] } }>(page, 'annotations')).find((a) => a.geometry.kind === 'polygon')?.geometry.points?.length;
    await expect.poll(polygonPoints).toBe(6);

    await page.mouse.move(...(await onCanvas(page, 500, 450)));
    await page.mouse.down();
    await page.mouse.move(...(await onCanvas(page, 400, 500)), { steps: 5 });
    await page.mouse.up();
    await page.keyboard.press('v');
    await page.mouse.dblclick(...(await onCanvas(page, 400, 300)));
    await expect.poll(polygonPoints).toBe(8);
    await page.keyboard.down('Alt');
    await page.mouse.click(...(await onCanvas(page, 400, 300)));
    await page.keyboard.up('Alt');
    await expect.poll(polygonPoints).toBe(6);
    await expect.poll(() => page.getByTestId('annotation').filter({ hasText: 'Polygon' }).textContent()).toBe('Polygon (3 vertices) · nucleus');
  });

  it('filters the image list by status and class', async () => {
    const { page } = app;
    await expect.poll(() => page.getByTestId('status-counts').textContent()).toContain('labeled 1');
    await page.getByLabel('Filter by status').selectOption('unlabeled');
    expect(await page.getByTestId('image-row').allTextContents()).toEqual(['nuclei-220b37f4ca7cab48.pngunlabeled']);
    await page.getByLabel('Filter by status').selectOption('all');
    await page.getByLabel('Filter by class').selectOption({ label: 'nucleus' });
    expect(await page.getByTestId('image-row').allTextContents()).toEqual(['nuclei-06350c7cc618be44.pnglabeled']);
    await page.getByLabel('Filter by class').selectOption({ label: 'All classes' });
  });

  it('imports a whole folder, naming files by their path in it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New project' }).click();
    await answerPrompt(page, 'Project name', 'From a folder');
    await page.getByTestId('import-folder').setInputFiles(FIXTURES);
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(4);
    const names = (await storedRows<{ name: string; projectId: string }>(page, 'images')).map((i) => i.name).filter((name) => name.includes('/'));
    expect(names.sort()).toEqual(['images/clothing-0498-exif-rotated.jpg', 'images/clothing-0498.jpg', 'images/nuclei-06350c7cc618be44.png', 'images/nuclei-220b37f4ca7cab48.png']);
    const skipped = await page.getByTestId('notice-error').last().textContent();
    expect(skipped).toContain('images/corrupt-truncated.png');
    expect(skipped).toContain('images/not-an-image.txt');

    await page.getByTestId('image-row').first().click();
    await page.getByRole('button', { name: 'Remove image' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Remove image' }).click();
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(3);
    await expect.poll(async () => (await storedRows<{ name: string }>(page, 'images')).filter((i) => i.name.includes('/')).length).toBe(3);
    await page.getByLabel('Current project').selectOption({ label: 'Cells' });
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(2);
  });

  it('renames a project, and deletes one only after confirmation', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'New project' }).click();
    await answerPrompt(page, 'Project name', 'Scratch');
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(0);
    await page.getByRole('button', { name: 'Rename', exact: true }).click();
    await answerPrompt(page, 'Project name', 'Scratch 2');
    await expect.poll(() => page.getByLabel('Current project').locator('option').allTextContents()).toEqual(['Cells', 'From a folder', 'Scratch 2']);

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByLabel('Current project').locator('option').count()).toBe(3);
    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete project' }).click();
    await expect.poll(() => page.getByLabel('Current project').locator('option').allTextContents()).toEqual(['Cells', 'From a folder']);
    await expect.poll(() => page.getByTestId('image-row').count()).toBe(2);
    expect((await storedRows<{ name: string }>(page, 'projects')).map((p) => p.name).sort()).toEqual(['Cells', 'From a folder']);
  });
});
