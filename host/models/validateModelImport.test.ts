import { describe, expect, it } from 'vitest';
import { validateModelImport } from './validateModelImport';

const bytes = (text: string) => new TextEncoder().encode(text);
const metadata = {
  formatVersion: 1,
  id: 'm1',
  name: 'Version 1',
  baseModel: 'centernet',
  method: 'head',
  classes: [
    { id: 0, name: 'background' },
    { id: 1, name: 'car' },
  ],
  inputSize: 128,
  normalisation: { scale: 1, offset: 0 },
  trainableParams: 10,
  metrics: {},
  backend: 'wasm',
  seconds: 1,
  createdAt: '2026-01-01T00:00:00Z',
};
const files = (change: Record<string, Uint8Array | null> = {}) => {
  const all: Record<string, Uint8Array | null> = { 'segadapt.json': bytes(JSON.stringify(metadata)), 'adapted.json': bytes('{}'), 'adapter.bin': new Uint8Array([1]), 'decoder.bin': new Uint8Array([2]), ...change };
  return Object.entries(all).flatMap(([name, data]) => (data ? [{ name, data }] : []));
};
const request = (change?: Record<string, Uint8Array | null>) => ({ source: 'v1-adapter.zip', files: files(change) });

describe('model import validation (host)', () => {
  it('gives the engine an import job of the four model-folder files', () => {
    const spec = validateModelImport(request());
    expect(spec.kind).toBe('import');
    expect(spec.source).toBe('v1-adapter.zip');
    expect(spec.files.map((file) => file.name)).toEqual(['segadapt.json', 'adapted.json', 'adapter.bin', 'decoder.bin']);
  });

  it('refuses a missing adapter.bin, naming the picked file', () => {
    expect(() => validateModelImport(request({ 'adapter.bin': null }))).toThrow('v1-adapter.zip: missing adapter.bin');
  });

  it('refuses paths, unknown names and duplicates', () => {
    expect(() => validateModelImport({ source: 'x.zip', files: [...files(), { name: '../evil', data: new Uint8Array([1]) }] })).toThrow(/x\.zip: "\.\.\/evil" is not a file of a model folder/);
    expect(() => validateModelImport({ source: 'x.zip', files: [...files(), { name: 'adapter.bin', data: new Uint8Array([1]) }] })).toThrow('x.zip: adapter.bin was sent twice');
    expect(() => validateModelImport({ source: 'x.zip', files: [{ name: 'adapter.bin', data: 'not bytes' }] })).toThrow('x.zip: each file needs a name and bytes');
  });

  it('refuses an unreadable or invalid segadapt.json with the field', () => {
    expect(() => validateModelImport(request({ 'segadapt.json': bytes('{"formatVersion": 1,') }))).toThrow(/^v1-adapter\.zip: segadapt\.json: not valid JSON/);
    expect(() => validateModelImport(request({ 'segadapt.json': bytes(JSON.stringify({ ...metadata, method: 'magic' })) }))).toThrow(/segadapt\.json: "method" must be one of/);
    expect(() => validateModelImport(request({ 'decoder.bin': new Uint8Array() }))).toThrow('v1-adapter.zip: decoder.bin is empty');
  });

  it('refuses a request that is not { source, files }', () => {
    expect(() => validateModelImport(null)).toThrow('importModel needs { source, files }');
    expect(() => validateModelImport({ source: 'a.zip' })).toThrow('a.zip: no files were sent');
  });
});
