// The open image's review, as pure functions: which proposals wait, which the per-class thresholds
// hide, which one has the focus, and the edits that accepting or rejecting them make.

import type { ProposalRecord, ProposedInstance, ReviewDecisionRecord } from '../db/records';
import { pendingInstances } from '../db/reviewRepository';
import type { EditorClass } from '../editor/editorState';

export { decisionEdit } from '../db/reviewRepository';

/** Per class id, the confidence (0..1) below which its proposals are hidden. */
export type Thresholds = Readonly<Record<number, number>>;

export interface ImageReview {
  imageId: string;
  modelVersionId: string;
  /** Undecided proposals of classes the project has. */
  pending: readonly ProposedInstance[];
  /** Pending, of a visible class, at or above its class threshold: lowest confidence first (Tab's order). */
  shown: readonly ProposedInstance[];
  /** Pending proposals each class's threshold hides. */
  hiddenByClass: ReadonlyMap<number, number>;
  hidden: number;
  focused: ProposedInstance | null;
  decided: number;
}

export function reviewOf(proposal: ProposalRecord, decisions: readonly ReviewDecisionRecord[], classes: readonly EditorClass[], thresholds: Thresholds, focusedId: string | null): ImageReview {
  const known = new Map(classes.map((c) => [c.classId, c]));
  const pending = pendingInstances(proposal, decisions).filter((i) => known.has(i.classId));
  const hiddenByClass = new Map<number, number>();
  const shown: ProposedInstance[] = [];
  for (const instance of pending) {
    if (!known.get(instance.classId)!.visible) continue;
    if (instance.score < (thresholds[instance.classId] ?? 0)) hiddenByClass.set(instance.classId, (hiddenByClass.get(instance.classId) ?? 0) + 1);
    else shown.push(instance);
  }
  shown.sort((a, b) => a.score - b.score || a.id.localeCompare(b.id));
  const focused = shown.find((i) => i.id === focusedId) ?? shown[0] ?? null;
  const hidden = [...hiddenByClass.values()].reduce((sum, n) => sum + n, 0);
  const decided = decisions.filter((d) => proposal.instances.some((i) => i.id === d.proposal.id)).length;
  return { imageId: proposal.imageId, modelVersionId: proposal.modelVersionId, pending, shown, hiddenByClass, hidden, focused, decided };
}

/** The proposal Tab (+1) or Shift+Tab (-1) moves the focus to, wrapping round. */
export function stepFocus(review: ImageReview, step: 1 | -1): ProposedInstance | null {
  const { shown, focused } = review;
  if (!shown.length) return null;
  const index = focused ? shown.findIndex((i) => i.id === focused.id) : -1;
  return shown[(index + step + shown.length) % shown.length];
}

/** Where the focus goes once `decided` leave the list: the proposal after them, else the one before. */
export function focusAfter(review: ImageReview, decided: readonly ProposedInstance[]): string | null {
  const gone = new Set(decided.map((i) => i.id));
  const index = review.shown.findIndex((i) => gone.has(i.id));
  const rest = review.shown.filter((i) => !gone.has(i.id));
  return (rest[Math.max(0, index)] ?? rest.at(-1))?.id ?? null;
}
