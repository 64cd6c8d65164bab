import type { ProposedInstance } from '../db/records';

/** The badge on a proposal: its confidence and the model version that made it. */
export function proposalBadge(instance: Pick<ProposedInstance, 'score'>, versionName: string): string {
  return `${Math.round(instance.score * 100)}% · ${versionName}`;
}

/** Screen pixels a proposal must span for its badge to be drawn (the focused one always has it): dozens of specks would bury the image in badges. */
export const BADGE_MIN_SCREEN_SIZE = 40;

export function showsBadge(polygon: readonly number[], scale: number, focused: boolean): boolean {
  if (focused) return true;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < polygon.length; i += 2) {
    minX = Math.min(minX, polygon[i]);
    maxX = Math.max(maxX, polygon[i]);
    minY = Math.min(minY, polygon[i + 1]);
    maxY = Math.max(maxY, polygon[i + 1]);
  }
  return Math.max(maxX - minX, maxY - minY) * scale >= BADGE_MIN_SCREEN_SIZE;
}
