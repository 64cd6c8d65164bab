// "Is it helping": per model version, what became of its proposals (accepted unchanged, edited and
// how far, rejected), the shapes the human added on its images, and the active labeling time per
// image with its proposals against images labeled without any. Pure over the stored rows.

import type { AnnotationRecord, LabelingTimeRecord, ProposalRecord, ReviewDecisionRecord } from '../db/records';
import { boundsOf, type FlatPoints } from '../geometry/polygon';
import { forEachPolygonRun } from '../geometry/rasterizePolygon';

export interface VersionHelp {
  modelVersionId: string;
  acceptedUnchanged: number;
  edited: number;
  /** IoU of each accepted-then-edited proposal against its final shape. */
  editedIoUs: number[];
  /** Rejected, or accepted and later deleted. */
  rejected: number;
  /** Shapes a human drew on the images this version pre-labeled. */
  humanAdded: number;
  /** Images with this version's proposals that have active time, and their mean seconds. */
  timedImages: number;
  meanSeconds: number | null;
}

export interface HelpReport {
  versions: VersionHelp[];
  /** Images labeled without proposals. */
  unassisted: { timedImages: number; meanSeconds: number | null };
}

/** Largest side the IoU is rasterised at: finer changes nothing a user reads. */
const IOU_GRID = 512;

function polygonOf(annotation: Pick<AnnotationRecord, 'geometry'>): number[] {
  const g = annotation.geometry;
  return g.kind === 'polygon' ? g.points : [g.x, g.y, g.x + g.w, g.y, g.x + g.w, g.y + g.h, g.x, g.y + g.h];
}

/** Intersection over union of two polygons, rasterised over their joint bounds. */
export function polygonIoU(a: FlatPoints, b: FlatPoints): number {
  const ba = boundsOf(a);
  const bb = boundsOf(b);
  const x0 = Math.floor(Math.min(ba.x, bb.x));
  const y0 = Math.floor(Math.min(ba.y, bb.y));
  const span = Math.max(Math.max(ba.x + ba.w, bb.x + bb.w) - x0, Math.max(ba.y + ba.h, bb.y + bb.h) - y0, 1);
  const scale = Math.min(1, IOU_GRID / span);
  const width = Math.ceil((Math.max(ba.x + ba.w, bb.x + bb.w) - x0) * scale) + 1;
  const height = Math.ceil((Math.max(ba.y + ba.h, bb.y + bb.h) - y0) * scale) + 1;
  const grid = new Uint8Array(width * height);
  const paint = (points: FlatPoints, bit: number) =>
    forEachPolygonRun(
      points.map((v, i) => (v - (i % 2 ? y0 : x0)) * scale),
      width,
      height,
      (y, xStart, xEnd) => {
        for (let x = xStart; x < xEnd; x++) grid[y * width + x] |= bit;
      },
    );
  paint(a, 1);
  paint(b, 2);
  let both = 0;
  let either = 0;
  for (const cell of grid) {
    if (cell) either++;
    if (cell === 3) both++;
  }
  return either ? both / either : 1;
}

const sameShape = (decision: ReviewDecisionRecord, annotation: AnnotationRecord) =>
  annotation.classId === decision.proposal.classId && annotation.geometry.kind === 'polygon' && annotation.geometry.points.length === decision.proposal.polygon.length && annotation.geometry.points.every((v, i) => v === decision.proposal.polygon[i]);

export interface HelpInputs {
  proposals: readonly ProposalRecord[];
  decisions: readonly ReviewDecisionRecord[];
  annotations: readonly AnnotationRecord[];
  /** Per image, the class ids with brush masks (a human-painted class counts as one shape). */
  maskClasses: ReadonlyMap<string, ReadonlySet<number>>;
  times: readonly LabelingTimeRecord[];
  /** Versions in the order to show them (newest first). */
  versionIds: readonly string[];
}

export function helpReport(inputs: HelpInputs): HelpReport {
  const annotations = new Map(inputs.annotations.map((a) => [a.id, a]));
  const help = new Map<string, VersionHelp>();
  const of = (id: string): VersionHelp => {
    let entry = help.get(id);
    if (!entry) help.set(id, (entry = { modelVersionId: id, acceptedUnchanged: 0, edited: 0, editedIoUs: [], rejected: 0, humanAdded: 0, timedImages: 0, meanSeconds: null }));
    return entry;
  };
  for (const id of inputs.versionIds) of(id);

  for (const decision of inputs.decisions) {
    const entry = of(decision.modelVersionId);
    const final = decision.annotationId ? annotations.get(decision.annotationId) : undefined;
    if (decision.decision === 'rejected' || !final) entry.rejected++;
    else if (sameShape(decision, final)) entry.acceptedUnchanged++;
    else {
      entry.edited++;
      entry.editedIoUs.push(final.classId === decision.proposal.classId ? polygonIoU(decision.proposal.polygon, polygonOf(final)) : 0);
    }
  }

  // The version an image was pre-labeled by: its proposals row, else the last decision's.
  const imageVersion = new Map<string, string>();
  for (const d of [...inputs.decisions].sort((a, b) => a.decidedAt - b.decidedAt)) imageVersion.set(d.imageId, d.modelVersionId);
  for (const p of inputs.proposals) imageVersion.set(p.imageId, p.modelVersionId);
  const fromProposals = new Set(inputs.decisions.map((d) => d.annotationId).filter((id): id is string => id !== null));
  for (const a of inputs.annotations) {
    const version = imageVersion.get(a.imageId);
    if (version && a.source === 'manual' && !fromProposals.has(a.id)) of(version).humanAdded++;
  }
  for (const [imageId, classes] of inputs.maskClasses) {
    const version = imageVersion.get(imageId);
    if (version) of(version).humanAdded += classes.size;
  }

  const perImage = (rows: readonly LabelingTimeRecord[]) => {
    const byImage = new Map<string, number>();
    for (const row of rows) byImage.set(row.imageId, (byImage.get(row.imageId) ?? 0) + row.activeMs);
    const total = [...byImage.values()].reduce((s, ms) => s + ms, 0);
    return { timedImages: byImage.size, meanSeconds: byImage.size ? total / byImage.size / 1000 : null };
  };
  // Time on an image goes to the version whose proposals it showed; the moments before its proposals
  // were loaded (stored without a version) go to the version that pre-labeled the image too.
  const timesByVersion = new Map<string | null, LabelingTimeRecord[]>();
  for (const row of inputs.times) {
    const version = row.modelVersionId ?? imageVersion.get(row.imageId) ?? null;
    timesByVersion.set(version, [...(timesByVersion.get(version) ?? []), row]);
  }
  for (const [id, rows] of timesByVersion) if (id) Object.assign(of(id), perImage(rows));

  const order = new Map(inputs.versionIds.map((id, index) => [id, index]));
  const versions = [...help.values()].sort((a, b) => (order.get(a.modelVersionId) ?? Infinity) - (order.get(b.modelVersionId) ?? Infinity));
  return { versions, unassisted: perImage(timesByVersion.get(null) ?? []) };
}
