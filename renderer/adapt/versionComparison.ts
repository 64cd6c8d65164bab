// Two model versions side by side: what they were trained with and how they scored on their held-out
// image, overall and per class, with the difference so the user sees whether adapting again helped.

import type { ModelVersionRecord } from '../db/records';
import { heldOutScore } from '../db/modelVersionRepository';

export interface ComparisonRow {
  label: string;
  left: string;
  right: string;
  /** right - left for scores both versions have; positive means the right one is better. */
  delta: number | null;
}

const score = (value: number | null) => (value === null ? '—' : value.toFixed(3));
const difference = (left: number | null, right: number | null) => (left === null || right === null ? null : right - left);

function perClassIou(version: ModelVersionRecord, classId: number): number | null {
  const value = version.metrics[`heldOutIou.${classId}`];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function seconds(value: number): string {
  return value >= 90 ? `${Math.round(value / 60)} min` : `${Math.round(value)} s`;
}

/** Rows of facts and scores for `left` and `right`; per-class rows for every class either predicts. */
export function compareVersions(left: ModelVersionRecord, right: ModelVersionRecord): ComparisonRow[] {
  const fact = (label: string, of: (v: ModelVersionRecord) => string): ComparisonRow => ({ label, left: of(left), right: of(right), delta: null });
  const rows: ComparisonRow[] = [
    fact('method', (v) => v.method),
    fact('created', (v) => new Date(v.createdAt).toLocaleString()),
    fact('labeled images', (v) => String(v.labeledImageCount)),
    fact('trainable parameters', (v) => v.trainableParams.toLocaleString('en')),
    fact('duration', (v) => seconds(v.seconds)),
    fact('backend', (v) => v.backend),
  ];
  const leftScore = heldOutScore(left);
  const rightScore = heldOutScore(right);
  rows.push({ label: 'held-out mIoU', left: score(leftScore), right: score(rightScore), delta: difference(leftScore, rightScore) });
  const classes = new Map<number, string>();
  for (const version of [left, right]) for (const cls of version.classes) if (!classes.has(cls.id)) classes.set(cls.id, cls.name);
  for (const [id, name] of classes) {
    const a = perClassIou(left, id);
    const b = perClassIou(right, id);
    if (a === null && b === null) continue;
    rows.push({ label: `IoU ${name}`, left: score(a), right: score(b), delta: difference(a, b) });
  }
  return rows;
}
