// A model version's pre-labels (proposals), one row per image, kept apart from the human annotations:
// a pre-label run replaces an image's proposals and never touches its annotations. Reviewing them
// (accept, reject, edit) is reviewRepository's: the row stays, decisions are stored beside it.

import type { ImagePrediction } from '../../contract/jobs';
import { newId } from './newId';
import type { ImageStatus, ProposalRecord, ProposedInstance } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { readProposal } from './validateRecords';

export { acceptAllPending as acceptProposals } from './reviewRepository';

const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** An instance to store; putImageProposals gives it an id when it has none. */
export type NewProposedInstance = Omit<ProposedInstance, 'id'> & { id?: string };

/** The instances of an engine prediction that can be stored: a class id 1..254 and a polygon of at least three points. */
export function proposedInstances(prediction: Pick<ImagePrediction, 'instances'>): NewProposedInstance[] {
  return prediction.instances
    .filter((i) => Number.isInteger(i.classId) && i.classId >= 1 && i.classId <= 254 && i.polygon.length >= 6 && i.polygon.length % 2 === 0 && i.polygon.every(Number.isFinite))
    .map((i) => ({ classId: i.classId, score: clamp01(i.score), polygon: [...i.polygon] }));
}

/** The status an image falls back to when it has no proposals. */
function statusWithoutProposals(current: ImageStatus, annotationCount: number): ImageStatus {
  if (current !== 'pre-labeled') return current;
  return annotationCount > 0 ? 'labeled' : 'unlabeled';
}

export interface ImageProposals {
  imageId: string;
  modelVersionId: string;
  instances: NewProposedInstance[];
  meanConfidence: number;
  createdAt?: number;
}

/**
 * Stores a run's proposals for one image, replacing whatever an earlier run (of any version) left
 * there; the image becomes 'pre-labeled' when it has no human status yet. No instance means no row.
 * Returns the stored row, or null when there was nothing to store.
 */
export async function putImageProposals(db: SegAdaptDatabase, proposals: ImageProposals): Promise<ProposalRecord | null> {
  return db.transaction('rw', [db.images, db.proposals], async () => {
    const image = await db.images.get(proposals.imageId);
    if (!image) return null;
    if (!proposals.instances.length) {
      await db.proposals.delete(image.id);
      const status = statusWithoutProposals(image.status, image.annotationCount);
      if (status !== image.status) await db.images.update(image.id, { status });
      return null;
    }
    const record = readProposal({
      v: 2,
      imageId: image.id,
      projectId: image.projectId,
      modelVersionId: proposals.modelVersionId,
      instances: proposals.instances.map((instance) => ({ ...instance, id: instance.id ?? newId() })),
      meanConfidence: clamp01(proposals.meanConfidence),
      createdAt: proposals.createdAt ?? Date.now(),
    });
    await db.proposals.put(record);
    if (image.status === 'unlabeled') await db.images.update(image.id, { status: 'pre-labeled' });
    return record;
  });
}

/** The image's proposals as a list (empty or one row: one run's proposals per image). */
export async function listImageProposals(db: SegAdaptDatabase, imageId: string): Promise<ProposalRecord[]> {
  const row = await db.proposals.get(imageId);
  return row ? [readProposal(row)] : [];
}

export async function listProjectProposals(db: SegAdaptDatabase, projectId: string): Promise<ProposalRecord[]> {
  return (await db.proposals.where('projectId').equals(projectId).toArray()).map(readProposal);
}

/** Drops the image's proposals and gives back the status it had without them. */
async function dropProposals(db: SegAdaptDatabase, imageIds: string[]): Promise<void> {
  for (const imageId of imageIds) {
    await db.proposals.delete(imageId);
    const image = await db.images.get(imageId);
    if (!image) continue;
    const status = statusWithoutProposals(image.status, image.annotationCount);
    if (status !== image.status) await db.images.update(imageId, { status });
  }
}

/** Deletes every proposal the version made, in every image; annotations are left alone. Returns how many images had some. */
export async function deleteVersionProposals(db: SegAdaptDatabase, modelVersionId: string): Promise<number> {
  return db.transaction('rw', [db.images, db.proposals], async () => {
    const imageIds = await db.proposals.where('modelVersionId').equals(modelVersionId).primaryKeys();
    await dropProposals(db, imageIds);
    return imageIds.length;
  });
}
