// The runs the app started (adapt, pre-label), written when they start and end: a run still open
// when the page loads again was cut off by a reload, a closed window or a crash, and is shown as
// interrupted instead of running forever.

import { newId } from './newId';
import type { JobRecord, JobRecordOutcome } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { readJob } from './validateRecords';

export async function startJobRecord(db: SegAdaptDatabase, job: { projectId: string; kind: string; label: string; now?: number }): Promise<JobRecord> {
  const record = readJob({ v: 2, id: newId(), projectId: job.projectId, kind: job.kind, label: job.label, startedAt: job.now ?? Date.now(), finishedAt: null, outcome: null, engineJobId: null, detail: null });
  await db.jobs.add(record);
  return record;
}

/** While it runs: the engine job of the moment, and what is done so far in one line. */
export async function updateJobRecord(db: SegAdaptDatabase, id: string, change: Partial<Pick<JobRecord, 'engineJobId' | 'detail'>>): Promise<void> {
  await db.jobs.update(id, change);
}

export async function finishJobRecord(db: SegAdaptDatabase, id: string, outcome: JobRecordOutcome, detail: string | null, now = Date.now()): Promise<void> {
  await db.jobs.update(id, { outcome, detail, finishedAt: now, engineJobId: null });
}

/**
 * Marks the project's runs of `kind` that never ended, and that no window is running (`alive`), as
 * interrupted; returns them as they were.
 */
export async function interruptOpenJobs(db: SegAdaptDatabase, projectId: string, kind: string, alive: ReadonlySet<string> = new Set(), now = Date.now()): Promise<JobRecord[]> {
  return db.transaction('rw', [db.jobs], async () => {
    const open = (await db.jobs.where('projectId').equals(projectId).toArray()).map(readJob).filter((job) => job.kind === kind && job.outcome === null && !alive.has(job.id));
    for (const job of open) await db.jobs.update(job.id, { outcome: 'interrupted', finishedAt: now, engineJobId: null });
    return open;
  });
}
