// Where the end-to-end tests find a Chromium: SEGADAPT_CHROMIUM, then the system's (Debian's
// /usr/bin/chromium), then a browser Playwright installed on a developer machine.

import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

const SYSTEM_BROWSERS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

export function findChromium(): string {
  const fromEnv = process.env.SEGADAPT_CHROMIUM;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SEGADAPT_CHROMIUM=${fromEnv} does not exist`);
    return fromEnv;
  }
  for (const candidate of SYSTEM_BROWSERS) if (existsSync(candidate)) return candidate;
  try {
    const bundled = chromium.executablePath();
    if (bundled && existsSync(bundled)) return bundled;
  } catch {
    // playwright-core without a downloaded browser: fall through to the message below
  }
  throw new Error(
    'No Chromium found for the end-to-end tests. Install one (Debian/Ubuntu: `sudo apt-get install chromium`), ' +
      'or point SEGADAPT_CHROMIUM at a Chrome/Chromium executable, or run `npx playwright install chromium`.',
  );
}

export const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];
