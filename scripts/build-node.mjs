// Bundles the Node-side entry points (Electron main and preload, the engine process, the web host)
// into dist/. npm packages stay external: they are loaded from node_modules (inside the app archive
// when packaged) because tfjs finds its wasm binaries and the backbone weights there.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', packages: 'external', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  // import.meta.url, which shared modules resolve packages from, is this file's URL in the CommonJS bundle.
  build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.cjs', format: 'cjs', external: ['electron'], define: { 'import.meta.url': 'importMetaUrl' }, banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" } }),
  build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'], packages: undefined }),
  build({ ...common, entryPoints: ['electron/enginePreload.ts'], outfile: 'dist/electron/enginePreload.cjs', format: 'cjs', external: ['electron'], packages: undefined }),
  build({ ...common, entryPoints: ['engine/process/engineProcess.ts'], outfile: 'dist/engine/engineProcess.mjs', format: 'esm' }),
  // Training worker threads (engine/parallel/startWorker.ts) start it from beside engineProcess.mjs.
  build({ ...common, entryPoints: ['engine/parallel/trainingWorker.ts'], outfile: 'dist/engine/trainingWorker.mjs', format: 'esm' }),
  build({ ...common, entryPoints: ['host/web/main.ts'], outfile: 'dist/host/webMain.mjs', format: 'esm' }),
]);
console.log('built dist/electron, dist/engine, dist/host');
