import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ApiError, type SaveFileRequest, type SaveFileResult } from '../../contract/api';
import type { ExportJobResult } from '../../contract/jobs';
import { fakeApi } from '../adapt/fakeEngineApi.testSupport';
import { EngineStore } from '../jobs/engineStore';
import { ArchiveCancelled, describeExportProgress, exportFailureText, modelArchive, safeName } from './modelExportArchive';
import { ModelExportStore } from './modelExportStore';

const VERSION = { id: 'model-1', name: 'Version 1' };
const bytes = (text: string) => new TextEncoder().encode(text);
const onnxResult: ExportJobResult = {
  kind: 'export',
  format: 'onnx',
  files: [
    { name: 'model.onnx', data: new Uint8Array(4096).map((_, i) => (i * 7) & 255) },
    { name: 'segadapt.json', data: bytes('{"id":"model-1"}\n') },
    { name: 'README.txt', data: bytes('run it with onnxruntime-node\n') },
  ],
};

/** A store over the real EngineStore and a fake host; saveFile answers as the test says. */
function setup(save: (request: SaveFileRequest) => Promise<SaveFileResult> = async (r) => ({ saved: true, path: r.suggestedName })) {
  const fake = fakeApi();
  const engine = new EngineStore(fake.api);
  const saves: SaveFileRequest[] = [];
  let clock = 0;
  const store = new ModelExportStore({
    engine,
    saveFile: (request) => {
      saves.push(request);
      return save(request);
    },
    now: () => (clock += 500),
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { ...fake, engine, store, saves, settle };
}

describe('model export archive', () => {
  it('puts every exported file in one folder named after the version and format, and unzips to the same bytes', async () => {
    const archive = await modelArchive('Version 1', 'onnx', onnxResult.files);
    expect(archive.fileName).toBe('Version-1-onnx.zip');
    const unzipped = unzipSync(archive.data);
    expect(Object.keys(unzipped).sort()).toEqual(['Version-1-onnx/README.txt', 'Version-1-onnx/model.onnx', 'Version-1-onnx/segadapt.json']);
    for (const file of onnxResult.files) expect(unzipped[`Version-1-onnx/${file.name}`]).toEqual(file.data);
  });

  it('makes any version name safe for a file name', () => {
    expect(safeName('Zellen / Kerne: v2 (é)')).toBe('Zellen-Kerne-v2-e');
    expect(safeName('../..')).toBe('model');
    expect(safeName('   ')).toBe('model');
  });

  it('refuses file names that would leave the folder, and an empty answer', async () => {
    await expect(modelArchive('v', 'tfjs', [{ name: '../model.json', data: bytes('{}') }])).rejects.toThrow(/named "..\/model.json"/);
    await expect(modelArchive('v', 'tfjs', [{ name: '/etc/x', data: bytes('{}') }])).rejects.toThrow(/named/);
    await expect(modelArchive('v', 'tfjs', [])).rejects.toThrow(/no files/);
  });

  it('stops zipping when its signal aborts', async () => {
    const controller = new AbortController();
    const zipping = modelArchive('v', 'onnx', [{ name: 'model.onnx', data: new Uint8Array(8 << 20).map((_, i) => (i * 31) & 255) }], controller.signal);
    controller.abort();
    await expect(zipping).rejects.toBeInstanceOf(ArchiveCancelled);
  });

  it('says in one line when a version has no weights in the host, and otherwise the first line of the error', () => {
    expect(exportFailureText('Version 2', "no model m-2 in the host's model store")).toMatch(/^Version 2 cannot be exported: its weights are not in the host's model store/);
    expect(exportFailureText('Version 2', '/data/models/m-2: not an adapted model folder (no segadapt.json)')).toMatch(/^Version 2 cannot be exported/);
    const other = exportFailureText('Version 2', 'out of memory\n    at encodeOnnxModel (exportModel.ts:80)');
    expect(other).toBe('Exporting Version 2 failed: out of memory. No file was written.');
    expect(other).not.toContain('\n');
  });

  it('describes the engine progress of an export', () => {
    expect(describeExportProgress(null)).toBe('queued');
    expect(describeExportProgress({ jobId: 'j', kind: 'export', step: 1, total: 3, phase: 'exported graph' })).toBe('exported graph · 1 / 3');
  });
});

describe('model export store', () => {
  it('runs the export job for the chosen format, follows its progress, and saves one zip', async () => {
    const { store, started, emit, saves, settle } = setup();
    store.choose(VERSION.id);
    store.changeFormat('onnx');
    expect(store.getSnapshot().choosing).toBe(VERSION.id);
    const done = store.export(VERSION);
    await settle();
    expect(started).toEqual([{ kind: 'export', modelId: 'model-1', format: 'onnx' }]);
    expect(store.getSnapshot()).toMatchObject({ choosing: null, running: { versionId: 'model-1', jobId: 'job-1', stage: 'engine' } });

    emit({ type: 'jobProgress', progress: { jobId: 'job-1', kind: 'export', step: 1, total: 3, phase: 'exported graph' } });
    expect(store.getSnapshot().running?.progress).toMatchObject({ step: 1, total: 3 });
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: onnxResult });
    await done;

    expect(saves).toHaveLength(1);
    expect(saves[0]).toMatchObject({ suggestedName: 'Version-1-onnx.zip', filters: [{ name: 'Zip archive', extensions: ['zip'] }] });
    expect(Object.keys(unzipSync(saves[0].data))).toHaveLength(3);
    const { running, message, lastSaved } = store.getSnapshot();
    expect(running).toBeNull();
    expect(message).toMatchObject({ versionId: 'model-1', kind: 'info' });
    expect(message?.text).toMatch(/^Exported Version 1 as ONNX: Version-1-onnx.zip \(3 files, [\d.]+ (B|KB), 0\.5 s\)$/);
    expect(lastSaved).toMatchObject({ fileName: 'Version-1-onnx.zip', files: 3, bytes: saves[0].data.byteLength, seconds: 0.5 });
  });

  it('cancels the engine job: no file is handed to the host', async () => {
    const { store, emit, cancelled, saves, settle } = setup();
    const done = store.export(VERSION, 'all');
    await settle();
    await store.cancel();
    expect(cancelled).toEqual(['job-1']);
    expect(store.getSnapshot().running?.cancelRequested).toBe(true);
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await done;
    expect(saves).toEqual([]);
    expect(store.getSnapshot().message).toMatchObject({ kind: 'info', text: 'Export cancelled: no file was written.' });
  });

  it('a Cancel before the engine took the job cancels it as soon as it has an id', async () => {
    const { store, api, emit, cancelled, saves } = setup();
    let admit!: () => void;
    const admitted = new Promise<void>((resolve) => (admit = resolve));
    const startJob = api.startJob;
    api.startJob = async (spec) => {
      await admitted;
      return startJob(spec);
    };
    const done = store.export(VERSION, 'onnx');
    await store.cancel();
    expect(cancelled).toEqual([]);
    admit();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(cancelled).toEqual(['job-1']);
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await done;
    expect(saves).toEqual([]);
  });

  it('a Cancel the engine got too late still writes no file', async () => {
    const { store, emit, saves, settle } = setup();
    const done = store.export(VERSION, 'onnx');
    await settle();
    await store.cancel();
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: onnxResult });
    await done;
    expect(saves).toEqual([]);
    expect(store.getSnapshot().message?.text).toBe('Export cancelled: no file was written.');
  });

  it('a Cancel while the zip is being made stops it: no file is handed to the host', async () => {
    const { store, emit, cancelled, saves, settle } = setup();
    const done = store.export(VERSION, 'onnx');
    await settle();
    const big: ExportJobResult = { ...onnxResult, files: [{ name: 'model.onnx', data: new Uint8Array(16 << 20).map((_, i) => (i * 31) & 255) }] };
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: big });
    await settle();
    expect(store.getSnapshot().running?.stage).toBe('zipping');
    await store.cancel();
    await done;
    expect(cancelled).toEqual([]);
    expect(saves).toEqual([]);
    expect(store.getSnapshot()).toMatchObject({ running: null, message: { kind: 'info', text: 'Export cancelled: no file was written.' } });
  });

  it('a version whose weights the host does not hold gets one line, and the store can export again', async () => {
    const { store, api, saves } = setup();
    const startJob = api.startJob;
    api.startJob = async () => {
      throw new ApiError('not-found', "no model model-1 in the host's model store");
    };
    await store.export(VERSION, 'onnx');
    const { running, message } = store.getSnapshot();
    expect(running).toBeNull();
    expect(message).toMatchObject({ versionId: 'model-1', kind: 'error' });
    expect(message?.text).toMatch(/^Version 1 cannot be exported: its weights are not in the host's model store/);
    expect(message?.text).not.toContain('\n');
    expect(saves).toEqual([]);
    api.startJob = startJob;
    store.choose(VERSION.id);
    expect(store.getSnapshot().message).toBeNull();
  });

  it('a job that fails in the engine (folder gone mid-way, or anything else) says so in one line and writes nothing', async () => {
    const { store, emit, saves, settle } = setup();
    const gone = store.export(VERSION, 'tfjs');
    await settle();
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'failed', error: '/data/models/model-1/engine.json: missing or unreadable (ENOENT)' });
    await gone;
    expect(store.getSnapshot().message?.text).toMatch(/^Version 1 cannot be exported: its weights are not in the host's model store/);

    const broken = store.export(VERSION, 'tfjs');
    await settle();
    emit({ type: 'jobFinished', jobId: 'job-2', outcome: 'failed', error: 'the engine process exited (code 134)\nstack' });
    await broken;
    expect(store.getSnapshot().message).toMatchObject({ kind: 'error', text: 'Exporting Version 1 failed: the engine process exited (code 134). No file was written.' });
    expect(saves).toEqual([]);
  });

  it('a save dialog dismissed, or a write the host refuses, ends with no file and says which', async () => {
    const dismissed = setup(async () => ({ saved: false }));
    let done = dismissed.store.export(VERSION, 'adapter');
    await dismissed.settle();
    dismissed.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: { ...onnxResult, format: 'adapter' } });
    await done;
    expect(dismissed.store.getSnapshot().message?.text).toBe('Export cancelled: no file was written.');
    expect(dismissed.store.getSnapshot().lastSaved).toBeNull();

    const refused = setup(async () => {
      throw new Error('ENOSPC: no space left on device, write');
    });
    done = refused.store.export(VERSION, 'onnx');
    await refused.settle();
    refused.emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'done', result: onnxResult });
    await done;
    expect(refused.store.getSnapshot()).toMatchObject({ running: null, message: { kind: 'error', text: 'Exporting Version 1 failed: ENOSPC: no space left on device, write. No file was written.' } });
  });

  it('runs one export at a time', async () => {
    const { store, started, emit, settle } = setup();
    const first = store.export(VERSION, 'onnx');
    await settle();
    await store.export({ id: 'model-2', name: 'Version 2' }, 'onnx');
    expect(started).toHaveLength(1);
    emit({ type: 'jobFinished', jobId: 'job-1', outcome: 'cancelled' });
    await first;
  });
});
