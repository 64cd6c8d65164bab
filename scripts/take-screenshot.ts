// Makes docs/screenshot.png for the README: the web app in Chromium with real images imported, two
// classes, a polygon, a box and a brush stroke drawn, and an engine check run.
// Usage: npm run build && npx tsx scripts/take-screenshot.ts
import path from 'node:path';
import { createProject } from '../tests/e2e/support/appActions';
import { APP_ROOT, launchWebApp } from '../tests/e2e/support/launchWebApp';

const FIXTURES = path.join(APP_ROOT, 'tests', 'fixtures', 'images');
const app = await launchWebApp({ viewport: { width: 1440, height: 900 } });
const { page } = app;
try {
  await createProject(page, 'Street fashion', ['person', 'bag']);
  await page.getByTestId('import-files').setInputFiles(
    ['clothing-0498.jpg', 'nuclei-06350c7cc618be44.png', 'nuclei-220b37f4ca7cab48.png'].map((name) => path.join(FIXTURES, name)),
  );
  await page.getByTestId('image-row').filter({ hasText: 'clothing-0498.jpg' }).click();
  await page.waitForSelector('[data-testid="canvas"][data-image-ready]:not([data-image-ready=""])');
  const box = (await page.getByTestId('canvas').boundingBox())!;
  const at = (fx: number, fy: number) => ({ x: box.x + box.width * fx, y: box.y + box.height * fy });
  const drag = async (from: [number, number], to: [number, number], steps: number) => {
    const start = at(...from);
    const end = at(...to);
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(end.x, end.y, { steps });
    await page.mouse.up();
  };

  await page.keyboard.press('1');
  await page.keyboard.press('p');
  for (const [fx, fy] of [[0.47, 0.05], [0.54, 0.06], [0.56, 0.2], [0.6, 0.28], [0.6, 0.55], [0.58, 0.8], [0.55, 0.94], [0.44, 0.94], [0.4, 0.78], [0.37, 0.55], [0.38, 0.28], [0.44, 0.18]]) {
    const p = at(fx, fy);
    await page.mouse.click(p.x, p.y);
  }
  await page.keyboard.press('Enter');
  await page.keyboard.press('2');
  await page.keyboard.press('r');
  await drag([0.53, 0.6], [0.62, 0.74], 6);
  await page.keyboard.press('b');
  await drag([0.56, 0.64], [0.59, 0.7], 10);
  await page.keyboard.press('v');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Check engine' }).click();
  await page.waitForSelector('[data-testid="job"][data-outcome="done"]', { timeout: 60_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(APP_ROOT, 'docs', 'screenshot.png') });
  console.log('wrote docs/screenshot.png');
} finally {
  await app.close();
}
