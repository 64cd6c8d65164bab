// Loads the "is it helping" report of the open project from Dexie when asked (the panel asks when
// it opens, after a review decision and when labeling time is stored).

import { listProjectLabelingTime } from '../db/labelingTimeRepository';
import { listModelVersions } from '../db/modelVersionRepository';
import { listProjectProposals } from '../db/proposalRepository';
import { listProjectDecisions } from '../db/reviewRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readAnnotation } from '../db/validateRecords';
import { helpReport, type HelpReport } from './helpingStats';

export interface HelpingSnapshot {
  projectId: string | null;
  report: HelpReport | null;
}

export class HelpingStore {
  private snapshot: HelpingSnapshot = { projectId: null, report: null };
  private readonly listeners = new Set<() => void>();
  private request = 0;

  constructor(private readonly db: SegAdaptDatabase) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): HelpingSnapshot => this.snapshot;

  async refresh(projectId: string | null): Promise<void> {
    const request = ++this.request;
    if (projectId !== this.snapshot.projectId) this.update({ projectId, report: null });
    if (!projectId) return;
    const db = this.db;
    const [proposals, decisions, annotationRows, tiles, times, versions] = await Promise.all([
      listProjectProposals(db, projectId),
      listProjectDecisions(db, projectId),
      db.annotations.where('projectId').equals(projectId).toArray(),
      // Ids only (`${imageId}:${classId}:${tx},${ty}`): the tiles' pixels are not needed.
      db.maskTiles.where('projectId').equals(projectId).primaryKeys(),
      listProjectLabelingTime(db, projectId),
      listModelVersions(db, projectId),
    ]);
    const maskClasses = new Map<string, Set<number>>();
    for (const id of tiles) {
      const parts = String(id).split(':');
      const imageId = parts.slice(0, -2).join(':');
      maskClasses.set(imageId, (maskClasses.get(imageId) ?? new Set()).add(Number(parts.at(-2))));
    }
    const report = helpReport({ proposals, decisions, annotations: annotationRows.map(readAnnotation), maskClasses, times, versionIds: versions.map((v) => v.id) });
    if (request === this.request) this.update({ report });
  }

  private update(change: Partial<HelpingSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}
