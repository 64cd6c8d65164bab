import type { ProposedInstance } from '../db/records';
import { boundsOf } from '../geometry/polygon';

/** The badge on a proposal: its confidence and the model version that made it. */
export function proposalBadge(instance: Pick<ProposedInstance, 'score'>, versionName: string): string {
  return `${Math.round(instance.score * 100)}% · ${versionName}`;
}

/** Screen pixels a proposal must span for its badge to be drawn (the focused one always has it): dozens of specks would bury the image in badges. */
export const BADGE_MIN_SCREEN_SIZE = 40;

export function showsBadge(polygon: readonly number[], scale: number, focused: boolean): boolean {
  if (focused) return true;
  const { w, h } = boundsOf(polygon);
  return Math.max(w, h) * scale >= BADGE_MIN_SCREEN_SIZE;
}
