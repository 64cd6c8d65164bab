// Canvas steps the labeling end-to-end tests share: open an image from the list, click at stage
// points, and turn image coordinates into page coordinates with the canvas's own viewport.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { storedRows } from './storedRows';

export async function openImageByName(page: Page, name: string): Promise<string> {
  await page.getByTestId('image-row').filter({ hasText: name }).click();
  const images = await storedRows<{ id: string; name: string }>(page, 'images');
  const id = images.find((image) => image.name === name)!.id;
  await page.waitForSelector(`[data-testid="canvas"][data-image-ready="${id}"]`, { timeout: 30_000 });
  return id;
}

export async function clickOnCanvas(page: Page, points: [number, number][]): Promise<void> {
  const origin = await page.getByTestId('canvas').boundingBox();
  if (!origin) throw new Error('the canvas is not on screen');
  for (const [x, y] of points) await page.mouse.click(origin.x + x, origin.y + y);
}

/** Where an image point is on the page (the canvas's data-viewport is "x,y,scale"). */
export async function imageToPage(page: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  const canvas = page.getByTestId('canvas');
  const origin = (await canvas.boundingBox())!;
  const [vx, vy, scale] = (await canvas.getAttribute('data-viewport'))!.split(',').map(Number);
  return { x: origin.x + vx + x * scale, y: origin.y + vy + y * scale };
}

/**
 * Draws one large polygon of class 1 on the open image, marks it fully labeled and adapts with Quick
 * (head) for 20 steps at 128 px; resolves when the model version is listed. A large region, so that a
 * few steps of the decoder already predict some of the class elsewhere.
 */
export async function labelAndQuickAdapt(page: Page): Promise<void> {
  await page.keyboard.press('1');
  await page.keyboard.press('p');
  const box = (await page.getByTestId('canvas').boundingBox())!;
  await clickOnCanvas(page, [
    [box.width * 0.2, box.height * 0.15],
    [box.width * 0.8, box.height * 0.15],
    [box.width * 0.8, box.height * 0.85],
    [box.width * 0.2, box.height * 0.85],
  ]);
  await page.keyboard.press('Enter');
  await page.getByLabel('Fully labeled').check();
  await page.getByText('Advanced').click();
  await page.getByLabel('Steps').fill('20');
  await page.getByLabel('Input size').fill('128');
  const versions = await page.getByTestId('model-version').count();
  await page.getByRole('button', { name: 'Quick (head)' }).click();
  await expect.poll(() => page.getByTestId('model-version').count(), { timeout: 120_000, interval: 500 }).toBe(versions + 1);
}
