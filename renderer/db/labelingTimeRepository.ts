// Active labeling time per image, apart for the time spent with a model version's proposals shown
// and without any, so the "is it helping" panel can compare the two.

import { labelingTimeId, type LabelingTimeRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { readLabelingTime } from './validateRecords';

export async function addLabelingTime(db: SegAdaptDatabase, entry: { projectId: string; imageId: string; modelVersionId: string | null; ms: number; now?: number }): Promise<void> {
  if (!(entry.ms > 0)) return;
  const id = labelingTimeId(entry.imageId, entry.modelVersionId);
  await db.transaction('rw', [db.labelingTime], async () => {
    const row = await db.labelingTime.get(id);
    const activeMs = (row ? readLabelingTime(row).activeMs : 0) + entry.ms;
    const record: LabelingTimeRecord = { v: 1, id, projectId: entry.projectId, imageId: entry.imageId, modelVersionId: entry.modelVersionId, activeMs, updatedAt: entry.now ?? Date.now() };
    await db.labelingTime.put(readLabelingTime(record));
  });
}

export async function listProjectLabelingTime(db: SegAdaptDatabase, projectId: string): Promise<LabelingTimeRecord[]> {
  return (await db.labelingTime.where('projectId').equals(projectId).toArray()).map(readLabelingTime);
}
