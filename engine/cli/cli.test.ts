// Spawns bin/segadapt.mjs as a user would run it.

import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSegadapt } from './segadaptProcess.testSupport';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'tests/fixtures/engine/nuclei');

function segadapt(...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/segadapt.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, SEGADAPT_BACKEND: 'wasm' }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, lastLine: result.stdout.trim().split('\n').pop() ?? '' };
}

describe('segadapt command line', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'segadapt-cli-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('prints every command and option for --help, and exits 0', () => {
    const help = segadapt('--help');
    expect(help.code).toBe(0);
    for (const text of ['segadapt adapt', 'segadapt predict', 'segadapt eval', 'segadapt export', '--method', 'default method is lora']) {
      expect(help.stdout).toContain(text);
    }
  });

  it('self-trains on the images without a mask (at most --unlabeled of them), and not with --unlabeled 0', () => {
    const data = path.join(work, 'with-unlabeled');
    cpSync(path.join(fixtures, 'train'), data, { recursive: true });
    for (const file of readdirSync(path.join(fixtures, 'heldout/images'))) cpSync(path.join(fixtures, 'heldout/images', file), path.join(data, 'images', file));
    const adapt = segadapt('adapt', '--data', data, '--out', path.join(work, 'self-trained'), '--method', 'head', '--steps', '3', '--size', '64', '--unlabeled', '1');
    expect(adapt.code, adapt.stderr).toBe(0);
    expect(adapt.stdout).toMatch(/2\/3 pseudo-labeling 1\/1 unlabeled images/);
    expect(JSON.parse(adapt.lastLine).metrics.unlabeledImages).toBe(1);
    const without = segadapt('adapt', '--data', data, '--out', path.join(work, 'not-self-trained'), '--method', 'head', '--steps', '3', '--size', '64', '--unlabeled', '0');
    expect(without.code, without.stderr).toBe(0);
    expect(without.stdout).not.toMatch(/pseudo-labeling/);
    expect(JSON.parse(without.lastLine).metrics.unlabeledImages).toBeUndefined();
  }, 120_000);

  it('adapts, predicts, evaluates and exports a model from a data folder', () => {
    const model = path.join(work, 'model');
    const adapt = segadapt('adapt', '--data', path.join(fixtures, 'train'), '--out', model, '--steps', '6', '--size', '128', '--seed', '3');
    expect(adapt.code, adapt.stderr).toBe(0);
    const summary = JSON.parse(adapt.lastLine);
    expect(summary).toMatchObject({ method: 'lora', backend: 'wasm' });
    expect(summary.trainableParams).toBeGreaterThan(0);
    expect(summary.seconds).toBeGreaterThan(0);
    expect(adapt.stderr).toMatch(/backend: wasm/);
    // Warm-up and training steps are counted per phase, with the overall count beside them.
    expect(adapt.stdout).toMatch(/training the decoder \(backbone frozen\) {2}step 1\/6 {2}\(1\/12 in all\)/);
    expect(adapt.stdout).toMatch(/training {2}step 6\/6 {2}\(12\/12 in all\)/);
    expect(readdirSync(model).sort()).toEqual(['adapted.json', 'adapter.bin', 'decoder.bin', 'segadapt.json']);

    const out = path.join(work, 'predictions');
    const predict = segadapt('predict', '--model', model, '--images', path.join(fixtures, 'heldout/images'), '--out', out);
    expect(predict.code, predict.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['21408476af050633.json', '21408476af050633.png', 'aa4d989d262c618a.json', 'aa4d989d262c618a.png']);
    const mask = PNG.sync.read(readFileSync(path.join(out, 'aa4d989d262c618a.png')));
    expect([mask.width, mask.height]).toEqual([256, 256]);
    const instances = JSON.parse(readFileSync(path.join(out, 'aa4d989d262c618a.json'), 'utf8'));
    expect(Array.isArray(instances.instances)).toBe(true);

    const evaluation = segadapt('eval', '--model', model, '--data', path.join(fixtures, 'heldout'), '--json');
    expect(evaluation.code, evaluation.stderr).toBe(0);
    const scores = JSON.parse(evaluation.stdout);
    expect(scores.images).toBe(2);
    expect(Object.keys(scores.perClass).sort()).toEqual(['background', 'nucleus']);
    expect(scores.miou).toBeGreaterThan(0);
    expect(scores.miou).toBeLessThanOrEqual(1);

    const exported = path.join(work, 'adapter');
    expect(segadapt('export', '--model', model, '--format', 'adapter', '--out', exported).code).toBe(0);
    expect(readdirSync(exported)).toContain('adapter.bin');
  }, 240_000);

  it('never destroys an existing folder or an input, and replaces its own model only with --force', async () => {
    const train = path.join(work, 'own-data');
    cpSync(path.join(fixtures, 'train'), train, { recursive: true });
    const before = readdirSync(path.join(train, 'images')).sort();
    const userFolder = path.join(work, 'x');
    mkdirSync(userFolder);
    writeFileSync(path.join(userFolder, 'f'), 'hi');
    const lastError = (result: { stderr: string }) => result.stderr.trim().split('\n').pop();

    const overUserFolder = await runSegadapt('adapt', '--data', train, '--out', userFolder, '--steps', '2', '--size', '64', '--force');
    expect(overUserFolder.code).toBe(2);
    expect(lastError(overUserFolder)).toMatch(/--out .*x: exists and holds files that are not a SegAdapt model/);
    expect(readFileSync(path.join(userFolder, 'f'), 'utf8')).toBe('hi');

    const overData = await runSegadapt('adapt', '--data', train, '--out', train, '--steps', '2', '--size', '64', '--force');
    expect(overData.code).toBe(2);
    expect(lastError(overData)).toMatch(/is the --data folder/);
    expect(readdirSync(path.join(train, 'images')).sort()).toEqual(before);

    const unwritable = await runSegadapt('adapt', '--data', train, '--out', path.join(userFolder, 'f', 'model'), '--steps', '2', '--size', '64');
    expect(unwritable.code).toBe(2);
    expect(lastError(unwritable)).toMatch(/cannot write in .*f \(ENOTDIR\)/);
    expect(unwritable.stdout).not.toMatch(/step/);

    const model = path.join(work, 'replaced-model');
    expect((await runSegadapt('adapt', '--data', train, '--out', model, '--steps', '2', '--size', '64', '--seed', '1')).code).toBe(0);
    const firstId = JSON.parse(readFileSync(path.join(model, 'segadapt.json'), 'utf8')).id;
    const again = await runSegadapt('adapt', '--data', train, '--out', model, '--steps', '2', '--size', '64');
    expect(again.code).toBe(2);
    expect(lastError(again)).toMatch(/already holds a SegAdapt model; add --force/);
    const forced = await runSegadapt('adapt', '--data', train, '--out', model, '--steps', '2', '--size', '64', '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect(JSON.parse(readFileSync(path.join(model, 'segadapt.json'), 'utf8')).id).not.toBe(firstId);
    expect(readdirSync(work).filter((name) => name.startsWith('.'))).toEqual([]);

    const overImages = await runSegadapt('predict', '--model', model, '--images', path.join(train, 'images'), '--out', path.join(train, 'images'), '--force');
    expect(overImages.code).toBe(2);
    expect(lastError(overImages)).toMatch(/is the --images folder/);
    expect(readdirSync(path.join(train, 'images')).sort()).toEqual(before);

    const predictions = path.join(work, 'own-predictions');
    expect((await runSegadapt('predict', '--model', model, '--images', path.join(train, 'images'), '--out', predictions)).code).toBe(0);
    expect((await runSegadapt('predict', '--model', model, '--images', path.join(train, 'images'), '--out', predictions)).code).toBe(2);
    expect((await runSegadapt('predict', '--model', model, '--images', path.join(train, 'images'), '--out', predictions, '--force')).code).toBe(0);
    expect(readdirSync(predictions)).toHaveLength(before.length * 2);

    const exportOverModel = await runSegadapt('export', '--model', model, '--format', 'adapter', '--out', model, '--force');
    expect(exportOverModel.code).toBe(2);
    expect(lastError(exportOverModel)).toMatch(/is the --model folder/);

    const damaged = path.join(work, 'damaged-model');
    cpSync(model, damaged, { recursive: true });
    const engineFile = path.join(damaged, 'adapted.json');
    writeFileSync(engineFile, JSON.stringify({ ...JSON.parse(readFileSync(engineFile, 'utf8')), decoder: { width: 1e9 } }));
    const onDamaged = await runSegadapt('predict', '--model', damaged, '--images', path.join(train, 'images'), '--out', path.join(work, 'never-predicted'));
    expect(onDamaged.code).toBe(2);
    expect(lastError(onDamaged)).toMatch(/adapted\.json: "decoder\.width" must be an integer/);
  }, 240_000);

  it('gives one line naming the file, exit 2, for the data problems new users hit; adapt --help is that command\'s help', async () => {
    const help = await runSegadapt('adapt', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^ *segadapt adapt +--data DIR/);
    expect(help.stdout).not.toMatch(/segadapt predict/);

    const copy = (name: string) => {
      const folder = path.join(work, name);
      cpSync(path.join(fixtures, 'train'), folder, { recursive: true });
      return folder;
    };
    const lastError = (result: { stderr: string }) => result.stderr.trim().split('\n').pop();
    const adapt = (data: string) => runSegadapt('adapt', '--data', data, '--out', path.join(work, `model-of-${path.basename(data)}`), '--steps', '2', '--size', '64');
    const masksOf = (folder: string) => readdirSync(path.join(folder, 'masks')).map((name) => path.join(folder, 'masks', name));
    const rewriteMasks = (folder: string, change: (value: number) => number) => {
      for (const file of masksOf(folder)) {
        const png = PNG.sync.read(readFileSync(file));
        for (let i = 0; i < png.data.length; i += 4) png.data[i] = png.data[i + 1] = png.data[i + 2] = change(png.data[i]);
        writeFileSync(file, PNG.sync.write(png));
      }
    };

    const nullClasses = copy('null-classes');
    writeFileSync(path.join(nullClasses, 'classes.json'), 'null');
    const nullResult = await adapt(nullClasses);
    expect(nullResult.code).toBe(2);
    expect(lastError(nullResult)).toMatch(/classes\.json: must be an object like/);

    const oneClass = copy('one-class');
    writeFileSync(path.join(oneClass, 'classes.json'), JSON.stringify({ classes: [{ id: 1, name: 'nucleus' }] }));
    rewriteMasks(oneClass, (value) => (value === 0 ? 255 : value));
    const oneResult = await adapt(oneClass);
    expect(oneResult.code).toBe(2);
    expect(lastError(oneResult)).toMatch(/one-class\/classes\.json: lists 1 class; adaptation needs at least two/);

    const nothing = copy('all-ignored');
    rewriteMasks(nothing, () => 255);
    const nothingResult = await adapt(nothing);
    expect(nothingResult.code).toBe(2);
    expect(lastError(nothingResult)).toMatch(/all-ignored\/masks: every mask pixel is 255 \(not labeled\)/);

    const loop = copy('symlink-loop');
    symlinkSync(path.join(loop, 'images', 'b.png'), path.join(loop, 'images', 'a.png'));
    symlinkSync(path.join(loop, 'images', 'a.png'), path.join(loop, 'images', 'b.png'));
    const loopResult = await adapt(loop);
    expect(loopResult.code).toBe(2);
    expect(lastError(loopResult)).toMatch(/symlink-loop\/images\/a\.png: a symbolic link loop \(ELOOP\)/);

    const binary = copy('zero-and-255');
    rewriteMasks(binary, (value) => (value === 1 ? 255 : value));
    const binaryResult = await adapt(binary);
    expect(binaryResult.stderr).toMatch(/warning: .*zero-and-255\/masks: every mask holds only 0 and 255, and 255 means "not labeled"/);

    const customIgnore = copy('custom-ignore');
    writeFileSync(path.join(customIgnore, 'classes.json'), JSON.stringify({ classes: [{ id: 0, name: 'background' }, { id: 1, name: 'nucleus' }], ignore_index: 100 }));
    rewriteMasks(customIgnore, (value) => (value === 255 ? 100 : value));
    const pngOf = masksOf(customIgnore)[0];
    const withIgnored = PNG.sync.read(readFileSync(pngOf));
    for (let i = 0; i < 4 * 500; i += 4) withIgnored.data[i] = withIgnored.data[i + 1] = withIgnored.data[i + 2] = 100;
    writeFileSync(pngOf, PNG.sync.write(withIgnored));
    const customResult = await adapt(customIgnore);
    expect(customResult.code, customResult.stderr).toBe(0);
  }, 240_000);

  function brokenCopy(name: string, breakIt: (folder: string) => void): string {
    const folder = path.join(work, name);
    cpSync(path.join(fixtures, 'train'), folder, { recursive: true });
    breakIt(folder);
    return folder;
  }

  const expectRefused = (data: string, pattern: RegExp) => {
    const out = path.join(work, `never-${path.basename(data)}`);
    const result = segadapt('adapt', '--data', data, '--out', out, '--steps', '2', '--size', '64');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n').pop()).toMatch(pattern);
    expect(existsSync(out)).toBe(false);
  };

  it('refuses bad arguments with exit code 2 and one line', () => {
    const unknown = segadapt('adapt', '--data', path.join(fixtures, 'train'), '--out', path.join(work, 'x'), '--method', 'magic');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/--method must be one of/);
    expect(segadapt('frobnicate').code).toBe(2);
    expect(segadapt('adapt', '--data', path.join(fixtures, 'train')).stderr).toMatch(/--out is required/);
  }, 60_000);

  it('refuses a corrupt image, a mask of the wrong size, an unknown class id and an empty folder, naming the file', () => {
    expectRefused(brokenCopy('corrupt', (f) => writeFileSync(path.join(f, 'images/fc9269fb2e651cd4.png'), readFileSync(path.join(f, 'images/fc9269fb2e651cd4.png')).subarray(0, 300))), /fc9269fb2e651cd4\.png: corrupt or unreadable PNG/);
    expectRefused(
      brokenCopy('wrongsize', (f) => {
        const small = new PNG({ width: 10, height: 10, colorType: 0 });
        small.data.fill(0);
        writeFileSync(path.join(f, 'masks/309ba76b12ecb5ce.png'), PNG.sync.write(small, { colorType: 0 }));
      }),
      /309ba76b12ecb5ce\.png: mask is 10x10 but its image is 256x256/,
    );
    expectRefused(
      brokenCopy('unknownclass', (f) => {
        const file = path.join(f, 'masks/619429303c1af754.png');
        const mask = PNG.sync.read(readFileSync(file));
        mask.data[0] = mask.data[1] = mask.data[2] = 7;
        writeFileSync(file, PNG.sync.write(mask));
      }),
      /619429303c1af754\.png: unknown class id 7/,
    );
    expectRefused(
      brokenCopy('empty', (f) => {
        rmSync(path.join(f, 'images'), { recursive: true });
        rmSync(path.join(f, 'masks'), { recursive: true });
        mkdirSync(path.join(f, 'images'));
      }),
      /images: no images/,
    );
  }, 120_000);
});
