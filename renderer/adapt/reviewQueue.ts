// The review queue: images with proposals waiting for review, the least confident first, with a fixed
// share of random picks (with few labels, uncertainty alone is no better than random and queues
// near-duplicates together), each with the reason it is where it is.

import type { ProposalRecord, ReviewDecisionRecord } from '../db/records';
import { pendingInstances } from '../db/reviewRepository';

/** One slot in five is a random pick. */
export const RANDOM_SHARE = 0.2;

export interface QueueItem {
  imageId: string;
  modelVersionId: string;
  /** Proposals not decided yet; 0 once the image is reviewed. */
  pending: number;
  total: number;
  /** The model's confidence in the image: its least confident proposal, or the mean pixel confidence if lower. */
  confidence: number;
  random: boolean;
  /** Why it is queued where it is (shown while something is pending). */
  reason: string;
}

const percent = (value: number) => `${Math.round(value * 100)}%`;

/** The image's confidence: the lowest of its proposals' scores and its mean per-pixel confidence. */
export function imageConfidence(proposal: Pick<ProposalRecord, 'instances' | 'meanConfidence'>): { value: number; why: string } {
  const lowest = proposal.instances.reduce((min, i) => Math.min(min, i.score), 1);
  return lowest <= proposal.meanConfidence
    ? { value: lowest, why: `least confident proposal ${percent(lowest)}` }
    : { value: proposal.meanConfidence, why: `mean pixel confidence ${percent(proposal.meanConfidence)}` };
}

/** A small seeded generator (mulberry32), so the queue is the same after a reload. */
export function seededRandom(seed: string): () => number {
  let h = 1779033703;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Orders the images that have proposals: slot i is a random pick when it completes another
 * `randomShare` of the queue (every fifth at 0.2), else the least confident image left. Images already
 * reviewed (nothing pending) go last, in the same order.
 */
export function buildReviewQueue(proposals: readonly ProposalRecord[], decisions: readonly ReviewDecisionRecord[], seed: string, randomShare = RANDOM_SHARE): QueueItem[] {
  const byImage = new Map<string, ReviewDecisionRecord[]>();
  for (const d of decisions) byImage.set(d.imageId, [...(byImage.get(d.imageId) ?? []), d]);
  const candidates = proposals
    .map((p) => ({ p, pending: pendingInstances(p, byImage.get(p.imageId) ?? []).length, confidence: imageConfidence(p) }))
    .sort((a, b) => a.confidence.value - b.confidence.value || a.p.imageId.localeCompare(b.p.imageId));
  const open = candidates.filter((c) => c.pending > 0);
  const done = candidates.filter((c) => c.pending === 0);
  const random = seededRandom(seed);
  const queue: QueueItem[] = [];
  const item = (c: (typeof candidates)[number], isRandom: boolean, why: string): QueueItem => ({
    imageId: c.p.imageId,
    modelVersionId: c.p.modelVersionId,
    pending: c.pending,
    total: c.p.instances.length,
    confidence: c.confidence.value,
    random: isRandom,
    reason: why,
  });
  // Least confident from the front; a random pick by rejection sampling over what is left (O(n log n) in all).
  const taken = new Uint8Array(open.length);
  let front = 0;
  for (let slot = 0, left = open.length; left > 0; slot++, left--) {
    while (taken[front]) front++;
    const isRandom = Math.floor((slot + 1) * randomShare) > Math.floor(slot * randomShare) && left > 1;
    let index = front;
    if (isRandom) do index = Math.floor(random() * open.length); while (taken[index]);
    taken[index] = 1;
    const chosen = open[index];
    queue.push(item(chosen, isRandom, isRandom ? `random pick (1 in ${Math.round(1 / randomShare)}), ${chosen.confidence.why}` : chosen.confidence.why));
  }
  for (const c of done) queue.push(item(c, false, c.confidence.why));
  return queue;
}

/** The image after `currentId` that still has something to review (wrapping round), or null. */
export function nextInQueue(queue: readonly QueueItem[], currentId: string | null): QueueItem | null {
  const start = queue.findIndex((q) => q.imageId === currentId);
  for (let step = 1; step <= queue.length; step++) {
    const candidate = queue[(start + step + queue.length) % queue.length];
    if (candidate.pending > 0 && candidate.imageId !== currentId) return candidate;
  }
  return null;
}
