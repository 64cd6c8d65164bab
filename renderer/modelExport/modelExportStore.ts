// Export of a model version from the app: which version's format chooser is open, the running export
// job (progress, cancel), the zip, and the host's save (a save dialog on the desktop, a download in web
// mode). Nothing is handed to the host until the whole zip is built, so a cancelled or failed export
// writes no file; the host writes what it is given atomically.
import type { SaveFileRequest, SaveFileResult } from '../../contract/api';
import type { ExportFormat, JobProgress } from '../../contract/jobs';
import type { EngineStore } from '../jobs/engineStore';
import { describeBytes } from '../format/describeBytes';
import { ArchiveCancelled, exportFailureText, formatLabel, isMissingWeights, modelArchive } from './modelExportArchive';

/** The version being exported, as the version list knows it. */
export interface ExportableVersion {
  id: string;
  name: string;
}

export interface RunningExport {
  versionId: string;
  versionName: string;
  format: ExportFormat;
  /** Null until the engine has taken the job. */
  jobId: string | null;
  progress: JobProgress | null;
  stage: 'engine' | 'zipping' | 'saving';
  cancelRequested: boolean;
}

export interface SavedExport {
  versionId: string;
  format: ExportFormat;
  fileName: string;
  path: string | null;
  bytes: number;
  files: number;
  /** From the click to the file handed to the host. */
  seconds: number;
}

export interface ModelExportSnapshot {
  /** The version whose format chooser is open. */
  choosing: string | null;
  format: ExportFormat;
  running: RunningExport | null;
  /** How the last export ended, shown under its version. */
  message: { versionId: string; kind: 'info' | 'error'; text: string } | null;
  lastSaved: SavedExport | null;
}

export interface ModelExportDependencies {
  engine: Pick<EngineStore, 'startJob' | 'cancelJob' | 'waitForJob' | 'subscribe' | 'getSnapshot'>;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  now?: () => number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class ModelExportStore {
  private snapshot: ModelExportSnapshot = { choosing: null, format: 'onnx', running: null, message: null, lastSaved: null };
  private readonly listeners = new Set<() => void>();
  private readonly now: () => number;
  private zipping: AbortController | null = null;

  constructor(private readonly deps: ModelExportDependencies) {
    this.now = deps.now ?? (() => performance.now());
    deps.engine.subscribe(() => this.followProgress());
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ModelExportSnapshot => this.snapshot;

  /** Opens the format chooser under a version (closing any other). */
  choose(versionId: string): void {
    this.update({ choosing: versionId, message: this.snapshot.message?.versionId === versionId ? null : this.snapshot.message });
  }

  close(): void {
    this.update({ choosing: null });
  }

  changeFormat(format: ExportFormat): void {
    this.update({ format });
  }

  dismissMessage(): void {
    this.update({ message: null });
  }

  /** Runs the export job, zips its files and hands the zip to the host; one export at a time. */
  async export(version: ExportableVersion, format: ExportFormat = this.snapshot.format): Promise<void> {
    if (this.snapshot.running) return;
    const started = this.now();
    const label = formatLabel(format);
    const end = (kind: 'info' | 'error', text: string, lastSaved = this.snapshot.lastSaved) => this.update({ running: null, message: { versionId: version.id, kind, text }, lastSaved });
    this.update({ choosing: null, message: null, running: { versionId: version.id, versionName: version.name, format, jobId: null, progress: null, stage: 'engine', cancelRequested: false } });

    let jobId: string;
    try {
      jobId = await this.deps.engine.startJob({ kind: 'export', modelId: version.id, format }, `Export ${version.name} (${label})`);
    } catch (error) {
      // The host refuses a model it does not hold ('not-found'); matched on the message, which every transport keeps.
      const reason = errorText(error);
      const text = isMissingWeights(reason) ? exportFailureText(version.name, reason) : `Exporting ${version.name} could not start: ${reason}`;
      return end('error', text);
    }
    this.patchRunning({ jobId });
    if (this.cancelRequested()) await this.deps.engine.cancelJob(jobId).catch(() => false);

    const job = await this.deps.engine.waitForJob(jobId);
    if (job.outcome === 'cancelled') return end('info', 'Export cancelled: no file was written.');
    if (job.outcome !== 'done' || job.result?.kind !== 'export') return end('error', exportFailureText(version.name, job.error));
    // The engine finished before a late Cancel reached it: the user still asked for no file.
    if (this.cancelRequested()) return end('info', 'Export cancelled: no file was written.');

    try {
      this.zipping = new AbortController();
      this.patchRunning({ stage: 'zipping' });
      const archive = await modelArchive(version.name, format, job.result.files, this.zipping.signal);
      if (this.cancelRequested()) return end('info', 'Export cancelled: no file was written.');
      this.patchRunning({ stage: 'saving' });
      const result = await this.deps.saveFile({ suggestedName: archive.fileName, filters: [{ name: 'Zip archive', extensions: ['zip'] }], data: archive.data });
      if (!result.saved) return end('info', 'Export cancelled: no file was written.');
      const seconds = (this.now() - started) / 1000;
      const saved: SavedExport = { versionId: version.id, format, fileName: archive.fileName, path: result.path ?? null, bytes: archive.data.byteLength, files: archive.files, seconds };
      end('info', `Exported ${version.name} as ${label}: ${result.path ?? archive.fileName} (${plural(archive.files, 'file')}, ${describeBytes(saved.bytes)}, ${seconds.toFixed(1)} s)`, saved);
    } catch (error) {
      if (error instanceof ArchiveCancelled) end('info', 'Export cancelled: no file was written.');
      else end('error', `Exporting ${version.name} failed: ${errorText(error)}. No file was written.`);
    } finally {
      this.zipping = null;
    }
  }

  /** Stops the running export; a file is never written after Cancel. */
  async cancel(): Promise<void> {
    const { running } = this.snapshot;
    if (!running || running.cancelRequested) return;
    this.patchRunning({ cancelRequested: true });
    this.zipping?.abort();
    if (running.jobId && running.stage === 'engine') await this.deps.engine.cancelJob(running.jobId).catch(() => false);
  }

  private cancelRequested(): boolean {
    return this.snapshot.running?.cancelRequested ?? false;
  }

  private followProgress(): void {
    const { running } = this.snapshot;
    if (!running?.jobId || running.stage !== 'engine') return;
    const progress = this.deps.engine.getSnapshot().jobs.find((job) => job.jobId === running.jobId)?.progress ?? null;
    if (progress && progress !== running.progress) this.patchRunning({ progress });
  }

  private patchRunning(change: Partial<RunningExport>): void {
    if (this.snapshot.running) this.update({ running: { ...this.snapshot.running, ...change } });
  }

  private update(change: Partial<ModelExportSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0];
}
