// Bundles the engine window (engine/window/): its page and the engine worker, for Chromium (an Electron
// window, or a browser page in tests), into dist/engine-window/. Everything is bundled; the Node modules
// shared engine code imports are replaced by engine/window/nodeShims/ (files go through the host instead).
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const shim = (name) => `./engine/window/nodeShims/${name}.ts`;
const unavailable = shim('unavailable');
const OUT = 'dist/engine-window';

/** Module replacements that need a file's contents rather than its name. */
const windowModules = {
  name: 'engine-window-modules',
  setup(builder) {
    builder.onResolve({ filter: /[\\/]nodeEngineFiles$/ }, () => ({ path: new URL(`../${shim('nodeEngineFiles')}`, import.meta.url).pathname }));
    // @cwasm/webp reads its .wasm with fs at load; the bundle carries the bytes instead.
    builder.onLoad({ filter: /@cwasm[\\/]webp[\\/]index\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const patched = source
        .replace("const fs = require('fs')\n", '')
        .replace("const path = require('path')\n", '')
        .replace("fs.readFileSync(path.join(__dirname, 'webp.wasm'))", "require('./webp.wasm')");
      if (patched.includes('readFileSync')) throw new Error('@cwasm/webp changed: update scripts/build-engine-window.mjs');
      return { contents: patched, loader: 'js', resolveDir: args.path.replace(/[\\/][^\\/]+$/, '') };
    });
  },
};

await mkdir(OUT, { recursive: true });
const common = { outdir: OUT, bundle: true, format: 'esm', platform: 'browser', target: 'chrome120', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['engine/window/engineWindowPage.ts'] });
await build({
  ...common,
  entryPoints: ['engine/window/engineWorker.ts'],
  loader: { '.wasm': 'binary' },
  inject: [shim('globals')],
  alias: {
    'node:path': shim('path'),
    path: shim('path'),
    'node:crypto': shim('crypto'),
    'node:os': shim('os'),
    'node:module': shim('module'),
    'node:url': unavailable,
    'node:fs': unavailable,
    'node:fs/promises': unavailable,
    'node:worker_threads': unavailable,
    fs: unavailable,
    webgpu: unavailable,
    pngjs: 'pngjs/browser.js',
  },
  plugins: [windowModules],
});
await copyFile('engine/window/engine.html', `${OUT}/engine.html`);
console.log(`built ${OUT}`);
