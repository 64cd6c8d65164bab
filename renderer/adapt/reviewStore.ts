// The review of pre-labels: the queue of images with proposals (least confident first, a share
// random), and on the open image the per-instance decisions (accept, reject, edit), focus (Tab), the
// per-class thresholds and accept-all-shown. Every decision is an edit in the editor's own undo
// history, stored by its sink, so Ctrl+Z takes it back like any drawn shape.

import { listImageProposals, listProjectProposals } from '../db/proposalRepository';
import type { ProposalRecord, ReviewDecisionRecord } from '../db/records';
import { listProjectDecisions } from '../db/reviewRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import type { Editor } from '../editor/editor';
import type { EditorState } from '../editor/editorState';
import { decisionEdit, focusAfter, reviewOf, stepFocus, type ImageReview, type Thresholds } from './imageReview';
import { buildReviewQueue, nextInQueue, type QueueItem } from './reviewQueue';

export interface ReviewSnapshot {
  projectId: string | null;
  queue: QueueItem[];
  /** The open image's proposals row (null when it has none). */
  proposal: ProposalRecord | null;
  review: ImageReview | null;
  thresholds: Thresholds;
  message: string | null;
}

export interface ReviewDependencies {
  db: SegAdaptDatabase;
  editor: Editor;
  /** Opens an image in the workspace (the editor follows). */
  openImage(imageId: string): Promise<void>;
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
  newId?: () => string;
  now?: () => number;
}

const thresholdsKey = (projectId: string) => `segadapt.reviewThresholds.${projectId}`;

export class ReviewStore {
  private snapshot: ReviewSnapshot = { projectId: null, queue: [], proposal: null, review: null, thresholds: {}, message: null };
  private readonly listeners = new Set<() => void>();
  private focusedId: string | null = null;
  private lastImageId: string | null = null;
  private lastDocument: EditorState['document'] | null = null;
  private lastClasses: EditorState['classes'] | null = null;
  private loadRequest = 0;

  constructor(private readonly deps: ReviewDependencies) {
    deps.editor.subscribe(() => this.followEditor());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ReviewSnapshot => this.snapshot;

  async showProject(projectId: string | null): Promise<void> {
    if (projectId === this.snapshot.projectId) return;
    const stored = projectId ? this.deps.storage?.getItem(thresholdsKey(projectId)) : null;
    this.update({ projectId, queue: [], thresholds: parseThresholds(stored), message: null });
    await this.refresh();
  }

  /** Reloads the queue and the open image's proposals (after a pre-label run, a version deleted, ...). */
  async refresh(): Promise<void> {
    const { projectId } = this.snapshot;
    const request = ++this.loadRequest;
    const imageId = this.deps.editor.getState().image?.id ?? null;
    if (!projectId) return this.update({ queue: [], proposal: null, review: null });
    const [proposals, decisions, open] = await Promise.all([
      listProjectProposals(this.deps.db, projectId),
      listProjectDecisions(this.deps.db, projectId),
      imageId ? listImageProposals(this.deps.db, imageId) : Promise.resolve([]),
    ]);
    if (request !== this.loadRequest || this.snapshot.projectId !== projectId) return;
    this.update({ queue: buildReviewQueue(proposals, decisions, projectId), proposal: open[0] ?? null });
    this.recompute();
  }

  // Per instance

  /** A: accepts the focused proposal. */
  accept(): boolean {
    return this.decide('accept');
  }

  /** X: rejects the focused proposal. */
  reject(): boolean {
    return this.decide('reject');
  }

  /** E: accepts the focused proposal and selects its shape for editing. */
  edit(): boolean {
    return this.decide('edit');
  }

  /** Shift+A: accepts every proposal shown (those at or above their class threshold), as one undoable step. */
  acceptAllShown(): boolean {
    return this.decide('acceptAll');
  }

  /** Rejects every proposal shown, as one undoable step. */
  rejectAllShown(): boolean {
    const review = this.snapshot.review;
    if (!review?.shown.length) return false;
    return this.commit(review, review.shown, 'reject');
  }

  /** Tab / Shift+Tab: the next or previous proposal, lowest confidence first. */
  focusStep(step: 1 | -1): boolean {
    const review = this.snapshot.review;
    const next = review && stepFocus(review, step);
    if (!next) return false;
    this.focus(next.id);
    return true;
  }

  focus(proposalId: string): void {
    this.focusedId = proposalId;
    this.recompute();
  }

  /** Enter / N: opens the next image of the queue that still has proposals to review. */
  async nextImage(): Promise<boolean> {
    const next = nextInQueue(this.snapshot.queue, this.deps.editor.getState().image?.id ?? null);
    if (!next) {
      this.update({ message: 'Nothing left to review' });
      return false;
    }
    await this.deps.openImage(next.imageId);
    return true;
  }

  async openQueued(imageId: string): Promise<void> {
    await this.deps.openImage(imageId);
  }

  // Per image

  /** Proposals of the class below `value` (0..1) are hidden at once; kept per project. */
  setThreshold(classId: number, value: number): void {
    const { projectId } = this.snapshot;
    const thresholds = { ...this.snapshot.thresholds, [classId]: Math.min(1, Math.max(0, value)) };
    if (projectId) this.deps.storage?.setItem(thresholdsKey(projectId), JSON.stringify(thresholds));
    this.update({ thresholds });
    this.recompute();
  }

  private decide(via: ReviewDecisionRecord['via']): boolean {
    const review = this.snapshot.review;
    if (!review) return false;
    const instances = via === 'acceptAll' ? review.shown : review.focused ? [review.focused] : [];
    if (!instances.length) return false;
    return this.commit(review, instances, via);
  }

  private commit(review: ImageReview, instances: ImageReview['shown'], via: ReviewDecisionRecord['via']): boolean {
    const { projectId } = this.snapshot;
    const editor = this.deps.editor;
    if (!projectId || editor.getState().image?.id !== review.imageId) return false;
    const { edit, shapes } = decisionEdit(review, instances, via, { projectId, newId: this.deps.newId ?? (() => crypto.randomUUID()), now: (this.deps.now ?? Date.now)() });
    this.focusedId = focusAfter(review, instances);
    const n = instances.length;
    const what = `${n} ${n === 1 ? 'proposal' : 'proposals'}`;
    this.snapshot = { ...this.snapshot, message: via === 'reject' ? `Rejected ${what} (Ctrl+Z undoes)` : `Accepted ${what}${via === 'edit' ? ': edit the selected shape' : ''} (Ctrl+Z undoes)` };
    return editor.commitEdit(edit, via === 'edit' ? shapes[0]?.id : undefined);
  }

  /** The editor's document holds the decisions (undo changes them): the review and the queue follow it. */
  private followEditor(): void {
    const state = this.deps.editor.getState();
    const imageId = state.image?.id ?? null;
    if (imageId !== this.lastImageId) {
      this.lastImageId = imageId;
      this.focusedId = null;
      this.update({ proposal: null, review: null, message: null });
      void this.loadOpenImage(imageId);
      return;
    }
    if (state.document !== this.lastDocument || state.classes !== this.lastClasses) this.recompute();
  }

  private async loadOpenImage(imageId: string | null): Promise<void> {
    if (!imageId) return;
    const [proposal] = await listImageProposals(this.deps.db, imageId);
    if (this.deps.editor.getState().image?.id !== imageId) return;
    this.update({ proposal: proposal ?? null });
    this.recompute();
  }

  private recompute(): void {
    const state = this.deps.editor.getState();
    this.lastDocument = state.document;
    this.lastClasses = state.classes;
    const { proposal, thresholds, queue } = this.snapshot;
    const review = proposal && state.image?.id === proposal.imageId ? reviewOf(proposal, state.document.decisions ?? [], state.classes, thresholds, this.focusedId) : null;
    this.focusedId = review?.focused?.id ?? this.focusedId;
    const queued = review && queue.find((q) => q.imageId === review.imageId);
    const pending = review ? review.pending.length : 0;
    const nextQueue = queued && queued.pending !== pending ? queue.map((q) => (q === queued ? { ...q, pending } : q)) : queue;
    this.update({ review, queue: nextQueue });
  }

  private update(change: Partial<ReviewSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function parseThresholds(stored: string | null | undefined): Thresholds {
  if (!stored) return {};
  try {
    const parsed: unknown = JSON.parse(stored);
    if (typeof parsed !== 'object' || parsed === null) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([key, value]) => Number.isInteger(Number(key)) && typeof value === 'number' && value >= 0 && value <= 1));
  } catch {
    return {};
  }
}
