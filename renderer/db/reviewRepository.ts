// Review decisions: what the reviewer decided about each proposed instance, stored beside the
// annotation an accepted one became. Written by the editor's sink as one undoable ReviewEdit (its
// shapes and decisions in one transaction), so undo takes a decision back exactly as it was made.

import type { DecisionChange, EditDirection, ReviewEdit, Shape } from '../editor/document';
import { refreshImageSummaries } from './imageSummary';
import { newId } from './newId';
import { reviewDecisionId, type ImageStatus, type ProposalRecord, type ProposedInstance, type ReviewDecisionRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { readAnnotation, readProposal, readReviewDecision } from './validateRecords';

/** The proposals of a row that nobody has decided on yet. */
export function pendingInstances(proposal: Pick<ProposalRecord, 'instances'> | null, decisions: readonly Pick<ReviewDecisionRecord, 'proposal'>[]): ProposedInstance[] {
  if (!proposal) return [];
  const decided = new Set(decisions.map((d) => d.proposal.id));
  return proposal.instances.filter((instance) => !decided.has(instance.id));
}

/** Pre-labeled while some proposal waits for review; once none does, labeled or unlabeled by its annotations. */
export function reviewStatus(current: ImageStatus, pending: number, annotationCount: number): ImageStatus {
  if (current === 'reviewed') return current;
  if (pending > 0) return 'pre-labeled';
  return annotationCount > 0 ? 'labeled' : 'unlabeled';
}

export async function listImageDecisions(db: SegAdaptDatabase, imageId: string): Promise<ReviewDecisionRecord[]> {
  const rows = (await db.reviewDecisions.where('imageId').equals(imageId).toArray()).map(readReviewDecision);
  return rows.sort((a, b) => a.decidedAt - b.decidedAt || a.id.localeCompare(b.id));
}

export async function listProjectDecisions(db: SegAdaptDatabase, projectId: string): Promise<ReviewDecisionRecord[]> {
  return (await db.reviewDecisions.where('projectId').equals(projectId).toArray()).map(readReviewDecision);
}

/** Writes a review edit (or its undo): the annotations accepted proposals became, and the decisions. */
export async function saveReviewEdit(db: SegAdaptDatabase, imageId: string, edit: ReviewEdit, direction: EditDirection): Promise<void> {
  const forward = direction === 'forward';
  await db.transaction('rw', [db.images, db.annotations, db.maskTiles, db.reviewDecisions, db.proposals], async () => {
    const image = await db.images.get(imageId);
    if (!image) return;
    const now = Date.now();
    for (const change of edit.shapes) {
      const target = forward ? change.after : change.before;
      const id = (change.after ?? change.before)!.id;
      if (!target) await db.annotations.delete(id);
      else await db.annotations.put(readAnnotation({ v: 1, id, projectId: image.projectId, imageId, classId: target.classId, geometry: target.geometry, source: 'predicted', updatedAt: now }));
    }
    for (const change of edit.decisions as DecisionChange[]) {
      const target = forward ? change.after : change.before;
      const id = (change.after ?? change.before)!.id;
      if (!target) await db.reviewDecisions.delete(id);
      else await db.reviewDecisions.put(readReviewDecision(target));
    }
    await refreshImageSummaries(db, [imageId]);
    const row = await db.proposals.get(imageId);
    const decisions = await db.reviewDecisions.where('imageId').equals(imageId).toArray();
    const pending = pendingInstances(row ? readProposal(row) : null, decisions).length;
    const refreshed = (await db.images.get(imageId))!;
    const status = reviewStatus(refreshed.status, pending, refreshed.annotationCount);
    if (status !== refreshed.status) await db.images.update(imageId, { status });
  });
}

export interface DecisionContext {
  projectId: string;
  newId(): string;
  now: number;
}

/**
 * One undoable edit deciding `instances`: accepted ones become polygon shapes (human labels,
 * model-assisted) and each decision keeps the proposal as the model made it.
 */
export function decisionEdit(review: { imageId: string; modelVersionId: string }, instances: readonly ProposedInstance[], via: ReviewDecisionRecord['via'], ctx: DecisionContext): { edit: ReviewEdit; shapes: Shape[] } {
  const accepted = via !== 'reject';
  const shapes: Shape[] = [];
  const decisions = instances.map((instance, index): ReviewDecisionRecord => {
    const shape: Shape | null = accepted ? { id: ctx.newId(), classId: instance.classId, geometry: { kind: 'polygon', points: [...instance.polygon] }, assisted: true } : null;
    if (shape) shapes.push(shape);
    return {
      v: 1,
      id: reviewDecisionId(review.imageId, instance.id),
      projectId: ctx.projectId,
      imageId: review.imageId,
      modelVersionId: review.modelVersionId,
      proposal: instance,
      decision: accepted ? 'accepted' : 'rejected',
      via,
      annotationId: shape?.id ?? null,
      decidedAt: ctx.now + index,
    };
  });
  return {
    edit: { type: 'review', shapes: shapes.map((after) => ({ before: null, after })), decisions: decisions.map((after) => ({ before: null, after })) },
    shapes,
  };
}

/**
 * Accepts every pending proposal of the image whose class the project has, outside the editor (no
 * undo): the same decisions and annotations as Shift+A. Returns the annotation ids added.
 */
export async function acceptAllPending(db: SegAdaptDatabase, imageId: string): Promise<string[]> {
  const row = await db.proposals.get(imageId);
  const image = await db.images.get(imageId);
  if (!row || !image) return [];
  const proposal = readProposal(row);
  const classIds = new Set((await db.classes.where('projectId').equals(image.projectId).toArray()).map((c) => c.classId));
  const pending = pendingInstances(proposal, await listImageDecisions(db, imageId)).filter((i) => classIds.has(i.classId));
  if (!pending.length) return [];
  const { edit, shapes } = decisionEdit(proposal, pending, 'acceptAll', { projectId: image.projectId, newId, now: Date.now() });
  await saveReviewEdit(db, imageId, edit, 'forward');
  return shapes.map((s) => s.id);
}
