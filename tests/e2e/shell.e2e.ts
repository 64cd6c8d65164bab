import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWebApp } from './support/launchWebApp';
import type { WebApp } from './support/launchWebApp';

describe('the app in Chromium through the web host', () => {
  let app: WebApp;

  beforeAll(async () => {
    app = await launchWebApp();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('shows the engine status with the backend it chose', async () => {
    const { page } = app;
    await page.getByTestId('engine-backend').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('engine-backend').textContent()).toBe('wasm');
    await page.getByText('Backends tried').click();
    await expect.poll(() => page.getByText(/tensorflow: skipped: SEGADAPT_BACKEND=wasm/).count()).toBeGreaterThan(0);
  });

  it('runs an engine job, shows its progress, and cancels it', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Check engine' }).click();
    const job = page.getByTestId('job').first();
    await page.locator('[data-testid="job"] progress').first().waitFor({ timeout: 30_000 });
    await expect.poll(async () => Number(await job.locator('progress').getAttribute('value')), { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    await job.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => job.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('cancelled');
    expect(await job.locator('.job-progress').textContent()).toBe('cancelled');
  });

  it('runs an engine job to the end', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Check engine' }).click();
    const job = page.getByTestId('job').first();
    await expect.poll(() => job.getAttribute('data-outcome'), { timeout: 60_000 }).toBe('done');
  });

  it('when the engine process is killed mid-job, shows the failure, restarts the engine, and the next job works', async () => {
    const { page } = app;
    await page.getByRole('button', { name: 'Check engine' }).click();
    const job = page.getByTestId('job').first();
    await page.locator('[data-testid="job"] progress').first().waitFor({ timeout: 30_000 });
    const enginePids = execFileSync('ps', ['-o', 'pid=', '--ppid', String(app.host.pid)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number);
    expect(enginePids).toHaveLength(1);
    process.kill(enginePids[0], 'SIGKILL');
    await expect.poll(() => job.getAttribute('data-outcome'), { timeout: 30_000 }).toBe('failed');
    expect(await job.locator('.job-progress').textContent()).toMatch(/engine process was killed \(SIGKILL\).*restarted/);
    await expect.poll(() => page.getByTestId('engine-state').textContent(), { timeout: 60_000 }).toMatch(/^ready/);

    await page.getByRole('button', { name: 'Check engine' }).click();
    await expect.poll(() => page.getByTestId('job').first().getAttribute('data-outcome'), { timeout: 60_000 }).toBe('done');
  });

  it('refuses the page and the API without the launch token', async () => {
    const context = await app.browser.newContext();
    const stranger = await context.newPage();
    const bare = await stranger.goto(`${app.origin}/`);
    expect(bare?.status()).toBe(403);
    await context.close();
  });
});
