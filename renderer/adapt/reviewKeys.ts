// The review's keys, as a pure map from a key press to a command (the hook only routes events).
// They act only while the editor is idle, so Enter still closes a polygon and E is the eraser when
// nothing waits for review.

import type { KeyInput } from '../tools/toolTypes';

export type ReviewCommand = 'accept' | 'reject' | 'edit' | 'acceptAllShown' | 'next' | 'previous' | 'nextImage';

export interface ReviewKeyContext {
  /** The open image shows proposals waiting for review. */
  hasShown: boolean;
  /** Some image of the queue still has proposals to review. */
  queued: boolean;
  /** The editor is in a tool's idle state (not drawing, dragging or showing help). */
  idle: boolean;
}

export const REVIEW_KEYS: { keys: string; label: string }[] = [
  { keys: 'A', label: 'Accept the highlighted proposal' },
  { keys: 'X', label: 'Reject it' },
  { keys: 'E', label: 'Accept it and edit its shape' },
  { keys: 'Tab / Shift+Tab', label: 'Next / previous proposal, lowest confidence first' },
  { keys: 'Shift+A', label: 'Accept every proposal shown (above the thresholds)' },
  { keys: 'Enter / N', label: 'Next image to review' },
];

export function reviewCommandFor(input: KeyInput, ctx: ReviewKeyContext): ReviewCommand | null {
  if (input.mod || input.alt || !ctx.idle) return null;
  const key = input.key.toLowerCase();
  if (key === 'tab') return ctx.hasShown ? (input.shift ? 'previous' : 'next') : null;
  if (key === 'enter' || (key === 'n' && !input.shift)) return ctx.queued ? 'nextImage' : null;
  if (!ctx.hasShown) return null;
  if (key === 'a') return input.shift ? 'acceptAllShown' : 'accept';
  if (input.shift) return null;
  if (key === 'x') return 'reject';
  if (key === 'e') return 'edit';
  return null;
}
