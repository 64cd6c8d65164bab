// The Electron binary, if this machine has one. Never triggers electron's lazy download (its index.js
// downloads on first use): reads the install marker and checks the file instead.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export function findElectronBinary(appRoot: string): { path: string } | { missing: string } {
  const packageDir = path.join(appRoot, 'node_modules', 'electron');
  if (!existsSync(packageDir)) return { missing: 'the electron package is not installed' };
  const marker = path.join(packageDir, 'path.txt');
  const overrideDir = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(marker) && !overrideDir) {
    return { missing: 'the Electron runtime has not been downloaded on this machine (node_modules/electron/path.txt is absent; `npm start` fetches it where the network allows)' };
  }
  const relative = existsSync(marker) ? readFileSync(marker, 'utf8').trim() : 'electron';
  const binary = overrideDir ? path.join(overrideDir, relative) : path.join(packageDir, 'dist', relative);
  if (!existsSync(binary)) return { missing: `the Electron runtime is not at ${binary}` };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return { missing: 'no display (set DISPLAY, e.g. run under xvfb-run) for the Electron window' };
  }
  return { path: binary };
}
