import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkOutputFolder, type OutputRequest } from './checkOutputFolder';

describe('choosing an output folder', () => {
  let work: string;
  let data: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'segadapt-out-'));
    data = path.join(work, 'data');
    mkdirSync(path.join(data, 'images'), { recursive: true });
    writeFileSync(path.join(data, 'images', 'a.png'), 'x');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  const request = (out: string, extra: Partial<OutputRequest> = {}): OutputRequest => ({
    flag: '--out',
    out,
    kind: 'model',
    inputs: [{ flag: '--data', path: data }, { flag: '--data', path: path.join(data, 'images'), readsFilesInside: true }],
    force: false,
    ...extra,
  });

  it('accepts a new folder and an empty one', () => {
    expect(() => checkOutputFolder(request(path.join(work, 'new/deeper/model')))).not.toThrow();
    mkdirSync(path.join(work, 'empty'));
    expect(() => checkOutputFolder(request(path.join(work, 'empty')))).not.toThrow();
    expect(readdirSync(work).sort()).toEqual(['data', 'empty']);
  });

  it('refuses a folder holding other files, even with --force', () => {
    const out = path.join(work, 'x');
    mkdirSync(out);
    writeFileSync(path.join(out, 'f'), 'hi');
    expect(() => checkOutputFolder(request(out))).toThrow(/holds files that are not a SegAdapt model/);
    expect(() => checkOutputFolder(request(out, { force: true }))).toThrow(/holds files that are not a SegAdapt model/);
  });

  it('replaces a model folder only with --force', () => {
    const out = path.join(work, 'model');
    mkdirSync(out);
    writeFileSync(path.join(out, 'segadapt.json'), '{}');
    expect(() => checkOutputFolder(request(out))).toThrow(/already holds a SegAdapt model; add --force/);
    expect(() => checkOutputFolder(request(out, { force: true }))).not.toThrow();
  });

  it('replaces an earlier predict output only with --force, and refuses a folder of masks', () => {
    const out = path.join(work, 'predictions');
    mkdirSync(out);
    writeFileSync(path.join(out, 'a.png'), 'png');
    writeFileSync(path.join(out, 'a.json'), '{"instances": []}');
    const predict = { kind: 'predictions' as const, inputs: [] };
    expect(() => checkOutputFolder(request(out, predict))).toThrow(/add --force/);
    expect(() => checkOutputFolder(request(out, { ...predict, force: true }))).not.toThrow();
    writeFileSync(path.join(out, 'b.png'), 'a hand-made mask');
    expect(() => checkOutputFolder(request(out, { ...predict, force: true }))).toThrow(/not the masks of an earlier segadapt predict/);
  });

  it('never writes over, around or inside an input, however it is spelled', () => {
    expect(() => checkOutputFolder(request(data, { force: true }))).toThrow(/is the --data folder/);
    expect(() => checkOutputFolder(request(work, { force: true }))).toThrow(/contains --data/);
    expect(() => checkOutputFolder(request(path.join(data, 'images', 'model')))).toThrow(/is inside --data/);
    symlinkSync(data, path.join(work, 'alias'));
    expect(() => checkOutputFolder(request(path.join(work, 'alias'), { force: true }))).toThrow(/is the --data folder/);
    expect(() => checkOutputFolder(request(path.join(data, 'model')))).not.toThrow();
  });

  it('refuses a place it cannot write before any work starts', () => {
    writeFileSync(path.join(work, 'file'), 'not a folder');
    expect(() => checkOutputFolder(request(path.join(work, 'file')))).toThrow(/exists and is not a folder/);
    expect(() => checkOutputFolder(request(path.join(work, 'file', 'model')))).toThrow(/cannot write in .*file \(ENOTDIR\)/);
  });
});
