import type { AdaptJobResult, ClassSpec } from '../../contract/jobs';
import type { ModelVersionRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { readModelVersion } from './validateRecords';

/** What the renderer knows about an adaptation when its job finishes: the request side and the engine's result. */
export interface FinishedAdaptation {
  projectId: string;
  name: string;
  classes: ClassSpec[];
  labeledImageIds: string[];
  result: AdaptJobResult;
  createdAt?: number;
}

/** The project's model versions, newest first. */
export async function listModelVersions(db: SegAdaptDatabase, projectId: string): Promise<ModelVersionRecord[]> {
  const rows = await db.modelVersions.where('projectId').equals(projectId).toArray();
  return rows.map(readModelVersion).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}

export async function addModelVersion(db: SegAdaptDatabase, finished: FinishedAdaptation): Promise<ModelVersionRecord> {
  const { result } = finished;
  const record = readModelVersion({
    v: 1,
    id: result.modelId,
    projectId: finished.projectId,
    name: finished.name.trim(),
    method: result.method,
    classes: finished.classes.map(({ id, name, color }) => (color === undefined ? { id, name } : { id, name, color })),
    labeledImageIds: [...finished.labeledImageIds],
    labeledImageCount: finished.labeledImageIds.length,
    createdAt: finished.createdAt ?? Date.now(),
    seconds: result.seconds,
    backend: result.backend,
    metrics: { ...result.metrics },
    trainableParams: result.trainableParams,
  });
  await db.modelVersions.add(record);
  return record;
}

export async function renameModelVersion(db: SegAdaptDatabase, id: string, name: string): Promise<ModelVersionRecord> {
  return db.transaction('rw', db.modelVersions, async () => {
    const current = await db.modelVersions.get(id);
    if (!current) throw new Error('That model version no longer exists');
    const renamed = readModelVersion({ ...current, name: name.trim() });
    await db.modelVersions.put(renamed);
    return renamed;
  });
}

/** Forgets the version in the project; the engine's model folder is left alone. */
export async function deleteModelVersion(db: SegAdaptDatabase, id: string): Promise<void> {
  await db.modelVersions.delete(id);
}

/** The held-out mIoU the engine measured, or null when no labeled image could be held out. */
export function heldOutScore(version: Pick<ModelVersionRecord, 'metrics'>): number | null {
  const score = version.metrics.heldOutMiou;
  return typeof score === 'number' && Number.isFinite(score) ? score : null;
}
