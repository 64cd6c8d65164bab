import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSpec } from '../contract/jobs';
import type { EngineSupervisor } from './engine/engineSupervisor';
import { createHostApi } from './hostApi';
import { ModelStore } from './models/modelStore';

describe('host API', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const hostWith = (modelIds: string[]) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'segadapt-host-api-'));
    dirs.push(dir);
    for (const id of modelIds) {
      mkdirSync(path.join(dir, id));
      writeFileSync(path.join(dir, id, 'segadapt.json'), '{}');
    }
    const started: JobSpec[] = [];
    const supervisor = { startJob: (spec: JobSpec) => (started.push(spec), { jobId: `job-${started.length}`, position: 0 }) } as unknown as EngineSupervisor;
    const api = createHostApi({ supervisor, models: new ModelStore(dir), saveFile: async () => ({ saved: false }) });
    return { api, started };
  };

  it("refuses to start the export of a model that is not in the host's model store, and starts one that is", async () => {
    const { api, started } = hostWith(['here']);
    await expect(api.startJob({ kind: 'export', modelId: 'gone', format: 'onnx' })).rejects.toMatchObject({ code: 'not-found', message: "no model gone in the host's model store" });
    expect(started).toEqual([]);
    await expect(api.startJob({ kind: 'export', modelId: 'here', format: 'all' })).resolves.toEqual({ jobId: 'job-1', position: 0 });
    expect(started).toEqual([{ kind: 'export', modelId: 'here', format: 'all' }]);
  });
});
