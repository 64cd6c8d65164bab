// Starts SegAdapt's web host (the built bundle, as `npm run web` runs it) on a free port with its own
// data folder, and opens the app in a real Chromium driven by playwright-core.

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { CHROMIUM_FLAGS, findChromium } from './findChromium';

export const APP_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface WebApp {
  url: string;
  token: string;
  origin: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  host: ChildProcess;
  dataDir: string;
  /** Everything the web host printed (for failure messages). */
  hostOutput(): string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  backend?: 'wasm' | 'cpu';
  viewport?: { width: number; height: number };
}

export async function startWebHostProcess(dataDir: string, backend = 'wasm'): Promise<{ host: ChildProcess; url: string; output: () => string }> {
  const bundle = path.join(APP_ROOT, 'dist', 'host', 'webMain.mjs');
  if (!existsSync(bundle) || !existsSync(path.join(APP_ROOT, 'dist', 'renderer', 'index.html'))) {
    throw new Error('SegAdapt is not built: run `npm run build` before the end-to-end tests');
  }
  const host = spawn(process.execPath, [bundle, '--port', '0', '--data-dir', dataDir, '--backend', backend], {
    cwd: APP_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  host.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  host.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the web host printed no URL within 30 s:\n${output}`)), 30_000);
    const onData = () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        host.stdout!.off('data', onData);
        resolve(match[1]);
      }
    };
    host.stdout!.on('data', onData);
    host.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the web host exited with code ${code}:\n${output}`));
    });
  });
  return { host, url, output: () => output };
}

export async function launchWebApp(options: LaunchOptions = {}): Promise<WebApp> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-e2e-'));
  const { host, url, output } = await startWebHostProcess(dataDir, options.backend);
  const browser = await chromium.launch({ executablePath: findChromium(), args: CHROMIUM_FLAGS, headless: true });
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1400, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(url);
  const parsed = new URL(url);
  return {
    url,
    token: parsed.searchParams.get('token') ?? '',
    origin: parsed.origin,
    browser,
    context,
    page,
    host,
    dataDir,
    hostOutput: () => `${output()}${pageErrors.length ? `\npage errors:\n${pageErrors.join('\n')}` : ''}`,
    close: async () => {
      await browser.close().catch(() => undefined);
      if (host.exitCode === null) {
        const exited = new Promise((resolve) => host.once('exit', resolve));
        host.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (host.exitCode === null) host.kill('SIGKILL');
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
