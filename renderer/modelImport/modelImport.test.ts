import 'fake-indexeddb/auto';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ApiError, type ImportModelRequest, type SegAdaptApi } from '../../contract/api';
import type { ImportJobResult } from '../../contract/jobs';
import { fakeApi } from '../adapt/fakeEngineApi.testSupport';
import { addClass } from '../db/classRepository';
import { listModelVersions } from '../db/modelVersionRepository';
import { createProject } from '../db/projectRepository';
import { freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { EngineStore } from '../jobs/engineStore';
import { foreignClassesReason, modelImportRequest } from './modelImportFiles';
import { ModelImportStore } from './modelImportStore';

const bytes = (text: string) => new TextEncoder().encode(text);
const CLASSES = [
  { id: 0, name: 'background' },
  { id: 1, name: 'cell' },
];
const folderFiles = (classes = CLASSES) => ({
  'segadapt.json': bytes(JSON.stringify({ formatVersion: 1, name: 'Version 1', method: 'head', classes })),
  'adapted.json': bytes('{}'),
  'adapter.bin': new Uint8Array([1, 2]),
  'decoder.bin': new Uint8Array([3, 4]),
});
const zipOf = (files: Record<string, Uint8Array>, folder = 'Version-1-adapter') => zipSync(Object.fromEntries(Object.entries(files).map(([name, data]) => [`${folder}/${name}`, data])));
const RESULT: ImportJobResult = { kind: 'import', modelId: '20261203-abcd', name: 'Version 1', method: 'head', classes: CLASSES, trainableParams: 1234, metrics: { heldOutMiou: 0.5 }, seconds: 0.2, backend: 'wasm', createdAt: '2026-12-03T10:00:00Z' };

describe('model import files', () => {
  it('takes the four model-folder files out of an exported zip (adapter or all formats), leaving the rest', () => {
    const request = modelImportRequest([{ name: 'Version-1-all.zip', data: zipOf({ ...folderFiles(), 'model.onnx': new Uint8Array(100), 'README.txt': bytes('x') }) }]);
    expect(request.source).toBe('Version-1-all.zip');
    expect(request.files.map((f) => f.name)).toEqual(['segadapt.json', 'adapted.json', 'adapter.bin', 'decoder.bin']);
    expect(request.files[2].data).toEqual(new Uint8Array([1, 2]));
  });

  it('takes the folder’s files picked one by one', () => {
    const picked = Object.entries({ ...folderFiles(), 'model.onnx': new Uint8Array(3) }).map(([name, data]) => ({ name, data }));
    expect(modelImportRequest(picked).files).toHaveLength(4);
  });

  it('refuses a corrupt zip and a zip without adapter.bin in one line naming the file', () => {
    expect(() => modelImportRequest([{ name: 'v.zip', data: new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]) }])).toThrow(/^v\.zip: not a readable zip file \(/);
    const { 'adapter.bin': _dropped, ...rest } = folderFiles();
    void _dropped;
    expect(() => modelImportRequest([{ name: 'v.zip', data: zipOf(rest) }])).toThrow('v.zip: missing adapter.bin (export the model as "Adapter only" or "All formats")');
    expect(() => modelImportRequest([{ name: 'a.zip', data: zipOf(folderFiles()) }, { name: 'b.zip', data: zipOf(folderFiles()) }])).toThrow(/^a\.zip: pick one exported zip/);
  });

  it('accepts only a model of background 0 and the project’s class ids', () => {
    expect(foreignClassesReason('v.zip', CLASSES, [{ classId: 1, name: 'cell' }])).toBeNull();
    expect(foreignClassesReason('v.zip', CLASSES, [{ classId: 1, name: 'cell' }, { classId: 2, name: 'debris' }])).toBe(
      'v.zip: the model predicts other classes (0 background, 1 cell) than this project has (0 background, 1 cell, 2 debris); import it into a project with the same classes',
    );
  });
});

async function setup(importModel: (request: ImportModelRequest) => Promise<{ jobId: string; position: number }>) {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const project = await createProject(db, 'P');
  await addClass(db, project.id, 'cell');
  const fake = fakeApi();
  const requests: ImportModelRequest[] = [];
  const api = new Proxy(fake.api, {
    get: (target, name) =>
      name === 'importModel'
        ? (request: ImportModelRequest) => {
            requests.push(request);
            return importModel(request);
          }
        : target[name as keyof SegAdaptApi],
  });
  const engine = new EngineStore(api);
  const changed: string[] = [];
  const store = new ModelImportStore({ db, engine, currentProjectId: () => project.id, versionsChanged: async (id) => void changed.push(id) });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { db, projectId: project.id, fake, store, requests, changed, settle };
}

describe('model import store', () => {
  it('records an imported model as a version of the open project with its method, trainable count and metrics', async () => {
    const { db, projectId, fake, store, requests, changed, settle } = await setup(async () => ({ jobId: 'import-1', position: 0 }));
    const importing = store.importPicked([{ name: 'Version-1-adapter.zip', data: zipOf(folderFiles()) }]);
    await settle();
    await settle();
    expect(requests[0].source).toBe('Version-1-adapter.zip');
    expect(store.getSnapshot().running).toMatchObject({ source: 'Version-1-adapter.zip', jobId: 'import-1' });
    fake.emit({ type: 'jobFinished', jobId: 'import-1', outcome: 'done', result: RESULT });
    const version = await importing;
    expect(version).toMatchObject({ id: '20261203-abcd', projectId, name: 'Version 1', method: 'head', trainableParams: 1234, metrics: { heldOutMiou: 0.5 }, labeledImageCount: 0 });
    expect((await listModelVersions(db, projectId)).map((v) => v.id)).toEqual(['20261203-abcd']);
    expect(changed).toEqual([projectId]);
    expect(store.getSnapshot()).toMatchObject({ running: null, message: { kind: 'info', text: 'Imported Version 1 (head) from Version-1-adapter.zip' } });
  });

  it('says in one line why the engine refused it (wrong base), and records nothing', async () => {
    const { db, projectId, fake, store, settle } = await setup(async () => ({ jobId: 'import-1', position: 0 }));
    const importing = store.importPicked([{ name: 'v.zip', data: zipOf(folderFiles()) }]);
    await settle();
    await settle();
    fake.emit({ type: 'jobFinished', jobId: 'import-1', outcome: 'failed', error: 'v.zip: segadapt.json: this adapter was trained on other weights of centernet (checksum ...)\n    at stack' });
    expect(await importing).toBeNull();
    expect(store.getSnapshot().message).toEqual({ kind: 'error', text: 'v.zip: segadapt.json: this adapter was trained on other weights of centernet (checksum ...)' });
    expect(await listModelVersions(db, projectId)).toEqual([]);
  });

  it('refuses foreign classes before sending anything, and passes on the host’s refusal', async () => {
    const { store, requests } = await setup(async () => {
      throw new ApiError('bad-request', 'v.zip: decoder.bin is empty');
    });
    expect(await store.importPicked([{ name: 'v.zip', data: zipOf(folderFiles([{ id: 0, name: 'background' }, { id: 3, name: 'car' }])) }])).toBeNull();
    expect(store.getSnapshot().message?.text).toMatch(/^v\.zip: the model predicts other classes \(0 background, 3 car\)/);
    expect(requests).toHaveLength(0);
    expect(await store.importPicked([{ name: 'v.zip', data: zipOf(folderFiles()) }])).toBeNull();
    expect(store.getSnapshot().message).toEqual({ kind: 'error', text: 'v.zip: decoder.bin is empty' });
  });
});
