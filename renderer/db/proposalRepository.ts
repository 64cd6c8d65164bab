// A model version's pre-labels (proposals), one row per image, kept apart from the human annotations:
// a pre-label run replaces an image's proposals and never touches its annotations; accepting turns
// them into annotations marked 'predicted', rejecting drops them.

import type { ImagePrediction } from '../../contract/jobs';
import { newId } from './newId';
import type { AnnotationRecord, ImageStatus, ProposalRecord, ProposedInstance } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { refreshImageSummaries } from './imageSummary';
import { readAnnotation, readProposal } from './validateRecords';

const clamp01 = (value: number): number => (Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0);

/** The instances of an engine prediction that can be stored: a class id 1..254 and a polygon of at least three points. */
export function proposedInstances(prediction: Pick<ImagePrediction, 'instances'>): ProposedInstance[] {
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
  instances: ProposedInstance[];
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
      v: 1,
      imageId: image.id,
      projectId: image.projectId,
      modelVersionId: proposals.modelVersionId,
      instances: proposals.instances,
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

/** Rejects the image's proposals: they are deleted, nothing else changes. */
export async function rejectProposals(db: SegAdaptDatabase, imageId: string): Promise<void> {
  await db.transaction('rw', [db.images, db.proposals], () => dropProposals(db, [imageId]));
}

/**
 * Accepts all the image's proposals: each becomes a polygon annotation with source 'predicted' (of
 * a class the project still has), the proposals are deleted and the image counts as labeled.
 * Returns the annotations added.
 */
export async function acceptProposals(db: SegAdaptDatabase, imageId: string): Promise<AnnotationRecord[]> {
  return db.transaction('rw', [db.images, db.annotations, db.maskTiles, db.proposals, db.classes], async () => {
    const row = await db.proposals.get(imageId);
    const image = await db.images.get(imageId);
    if (!row || !image) return [];
    const proposal = readProposal(row);
    const classIds = new Set((await db.classes.where('projectId').equals(image.projectId).toArray()).map((c) => c.classId));
    const now = Date.now();
    const added = proposal.instances
      .filter((instance) => classIds.has(instance.classId))
      .map((instance, index) =>
        readAnnotation({ v: 1, id: newId(), projectId: image.projectId, imageId, classId: instance.classId, geometry: { kind: 'polygon', points: [...instance.polygon] }, source: 'predicted', updatedAt: now + index }),
      );
    await db.annotations.bulkAdd(added);
    await db.proposals.delete(imageId);
    if (image.status === 'pre-labeled') await db.images.update(imageId, { status: 'unlabeled' });
    // Recomputes class ids, count and status (labeled once it has an annotation).
    await refreshImageSummaries(db, [imageId]);
    return added;
  });
}
