// Packs bench/fewshot into tmp/benchpack/ for a machine without node_modules or the shared data:
// one esbuild bundle, the wasm binaries, the CenterNet model files, the episodes' data (clothing photos
// re-encoded as JPEG quality 85 to fit a 64 MiB transfer), and optionally a node binary (xz).
//   node bench/fewshot/packForRemote.mjs [--node]
// Run there: xz -d -c node.xz > /tmp/node; SEGADAPT_SHARED_DATA=$PWD/data /tmp/node fewshot.mjs --workers 16 ...
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

const out = path.resolve('tmp/benchpack');
const source = process.env.SEGADAPT_SHARED_DATA ?? path.resolve('../shared/data');
fs.rmSync(out, { recursive: true, force: true });
fs.mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['bench/fewshot/main.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outfile: path.join(out, 'fewshot.mjs'),
  logLevel: 'error',
  banner: { js: "import { createRequire as __cr } from 'module'; import { fileURLToPath as __fu } from 'url'; import { dirname as __dn } from 'path'; const require = __cr(import.meta.url); const __filename = __fu(import.meta.url); const __dirname = __dn(__filename);" },
});
for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) fs.copyFileSync(path.join('node_modules/@tensorflow/tfjs-backend-wasm/dist', file), path.join(out, file));
const models = path.join(out, 'node_modules/@vladmandic/human/models');
fs.mkdirSync(models, { recursive: true });
for (const file of ['centernet.json', 'centernet.bin']) fs.copyFileSync(path.join('node_modules/@vladmandic/human/models', file), path.join(models, file));
for (const dataset of ['dsb2018_nuclei', 'ccp_clothing']) {
  const target = path.join(out, 'data', dataset);
  fs.mkdirSync(path.join(target, 'images'), { recursive: true });
  fs.mkdirSync(path.join(target, 'masks'), { recursive: true });
  for (const file of ['splits.json', 'classes.json']) fs.copyFileSync(path.join(source, dataset, file), path.join(target, file));
  for (const file of fs.readdirSync(path.join(source, dataset, 'masks'))) fs.copyFileSync(path.join(source, dataset, 'masks', file), path.join(target, 'masks', file));
  for (const file of fs.readdirSync(path.join(source, dataset, 'images'))) {
    const from = path.join(source, dataset, 'images', file);
    if (dataset === 'dsb2018_nuclei') {
      fs.copyFileSync(from, path.join(target, 'images', file));
      continue;
    }
    const png = PNG.sync.read(fs.readFileSync(from));
    fs.writeFileSync(path.join(target, 'images', file.replace(/\.png$/, '.jpg')), jpeg.encode({ data: png.data, width: png.width, height: png.height }, 85).data);
  }
}
if (process.argv.includes('--node')) fs.writeFileSync(path.join(out, 'node.xz'), execFileSync('xz', ['-6', '-c', process.execPath], { maxBuffer: 1 << 30 }));
console.log(`packed ${out}`);
