// The export / import flow of the app: which files go where, the label-mapping questions, the
// report; the formats themselves are the pure readers and writers beside it.
import type { SaveFileRequest, SaveFileResult } from '../../contract/api';
import { listClasses } from '../db/classRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import type { ImportCandidate } from '../importing/importImages';
import type { DialogStore } from '../workspace/dialogStore';
import { isDataFolder, splitDataFolder } from './dataFolder';
import { ExchangeFormatError, type ExchangeDocument } from './exchangeTypes';
import { importIntoProject, onProjectImages, unknownLabels, type AnnotationImportReport, type LabelDecision } from './importIntoProject';
import { exportArchive, loadExportProject, EXPORT_FORMATS, type ExportFormat } from './projectExport';
import { isAnnotationFileName, readAnnotationFiles } from './readAnnotationFiles';

export interface ExchangeReport {
  kind: 'info' | 'error';
  text: string;
  details: string[];
}

export interface ExchangeSnapshot {
  busy: 'import' | 'export' | null;
  report: ExchangeReport | null;
}

export interface ExchangeDependencies {
  db: SegAdaptDatabase;
  dialogs: DialogStore;
  saveFile(request: SaveFileRequest): Promise<SaveFileResult>;
  currentProjectId(): string | null;
  /** Resolves when every edit made so far is stored. */
  flushed(): Promise<void>;
  importImages(candidates: ImportCandidate[]): Promise<void>;
  /** The project's classes and annotations changed outside the editor. */
  projectChanged(projectId: string): Promise<void>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export class ExchangeStore {
  private snapshot: ExchangeSnapshot = { busy: null, report: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly deps: ExchangeDependencies) {}

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): ExchangeSnapshot => this.snapshot;

  dismissReport(): void {
    this.update({ report: null });
  }

  /**
   * Dropped or picked files: a data folder's images are imported as images and its masks,
   * classes.json and boxes.json as their labels; annotation files (JSON, XML) as annotations; the rest as images.
   */
  async importFiles(candidates: ImportCandidate[]): Promise<void> {
    const names = candidates.map((c) => c.name);
    let images: ImportCandidate[], labels: ImportCandidate[];
    if (isDataFolder(names)) ({ images, labels } = splitDataFolder(candidates));
    else {
      labels = candidates.filter((c) => isAnnotationFileName(c.name));
      images = candidates.filter((c) => !isAnnotationFileName(c.name));
    }
    if (images.length) await this.deps.importImages(images);
    if (labels.length) await this.importAnnotations(labels);
  }

  /** Annotation files (or a data folder's label files) onto the project's images, in one transaction. */
  async importAnnotations(candidates: ImportCandidate[]): Promise<AnnotationImportReport | null> {
    const projectId = this.deps.currentProjectId();
    if (!projectId || !candidates.length || this.snapshot.busy) return null;
    this.update({ busy: 'import', report: null });
    try {
      await this.deps.flushed();
      const { db } = this.deps;
      const files = await Promise.all(candidates.map(async (c) => ({ path: c.name, bytes: new Uint8Array(await c.file.arrayBuffer()) })));
      const images = await db.images.where('projectId').equals(projectId).toArray();
      performance.mark('exchange:read-start');
      const documents = readAnnotationFiles(files, images.map((i) => i.name));
      performance.measure('exchange: read files', 'exchange:read-start');
      const annotated = (list: readonly ExchangeDocument[]) => list.flatMap((d) => d.images.filter((i) => i.shapes.length || i.masks.length));
      const matched = onProjectImages(documents, images);
      if (annotated(documents).length && !annotated(matched).length) {
        const named = annotated(documents);
        this.update({
          report: {
            kind: 'error',
            text: `Nothing imported: none of the ${plural(named.length, 'image')} the file annotates is in this project (images are matched by file name).`,
            details: named.slice(0, 5).map((i) => `${i.fileName}: no image of that name in the project`),
          },
        });
        return null;
      }
      // Only labels on the project's images are asked about.
      const decisions = await this.decideLabels(unknownLabels(matched, await listClasses(db, projectId)), projectId);
      if (!decisions) {
        this.update({ report: { kind: 'info', text: 'Import cancelled: nothing was changed.', details: [] } });
        return null;
      }
      const report = await importIntoProject(db, projectId, documents, decisions);
      performance.mark('exchange:reload-start');
      await this.deps.projectChanged(projectId);
      performance.measure('exchange: reload project', 'exchange:reload-start');
      this.update({ report: importReport(report) });
      return report;
    } catch (error) {
      const text = error instanceof ExchangeFormatError ? `Import refused: ${error.fileName}: ${error.problem}` : `Import failed: ${error instanceof Error ? error.message : String(error)}`;
      this.update({ report: { kind: 'error', text, details: ['Nothing was changed in the project.'] } });
      return null;
    } finally {
      this.update({ busy: null });
    }
  }

  /** Asks what to do with labels the project has no class for; null when the user cancels. */
  private async decideLabels(unknown: string[], projectId: string): Promise<Map<string, LabelDecision> | null> {
    const decisions = new Map<string, LabelDecision>();
    if (!unknown.length) return decisions;
    const classes = await listClasses(this.deps.db, projectId);
    const listed = unknown.map((l) => `“${l}”`).join(', ');
    const how = await this.deps.dialogs.choose(
      unknown.length === 1 ? `The label ${listed} is not a class of this project` : `${unknown.length} labels are not classes of this project`,
      `${unknown.length === 1 ? '' : `${listed}. `}Create ${unknown.length === 1 ? 'it as a new class' : 'them as new classes'}, or say for each which class it is?`,
      [
        { value: 'create', label: unknown.length === 1 ? 'Create the class' : 'Create all as new classes' },
        ...(classes.length || unknown.length > 1 ? [{ value: 'map', label: 'Choose for each label…' }] : []),
      ],
    );
    if (how === null) return null;
    for (const label of unknown) {
      if (how === 'create') {
        decisions.set(label, { kind: 'create' });
        continue;
      }
      const choice = await this.deps.dialogs.choose(`Label “${label}”`, 'Which class of the project is it?', [
        { value: 'create', label: `Create the class “${label}”` },
        ...classes.map((c) => ({ value: String(c.classId), label: `Use “${c.name}”` })),
        { value: 'skip', label: 'Leave its annotations out' },
      ]);
      if (choice === null) return null;
      decisions.set(label, choice === 'create' ? { kind: 'create' } : choice === 'skip' ? { kind: 'skip' } : { kind: 'map', classId: Number(choice) });
    }
    return decisions;
  }

  /** Builds the archive and hands it to the host (a save dialog on the desktop, a download in web mode). */
  async exportAnnotations(format: ExportFormat, includeProposals: boolean): Promise<void> {
    const projectId = this.deps.currentProjectId();
    if (!projectId || this.snapshot.busy) return;
    this.update({ busy: 'export', report: null });
    try {
      await this.deps.flushed();
      const { db } = this.deps;
      const project = await loadExportProject(db, projectId, { includeProposals });
      let imageBytes: ((name: string) => Uint8Array) | null = null;
      if (format === 'data-folder') {
        const images = await db.images.where('projectId').equals(projectId).toArray();
        const blobs = await db.imageBlobs.bulkGet(images.map((i) => i.id));
        const byName = new Map<string, Uint8Array>();
        for (const [i, image] of images.entries()) byName.set(image.name, new Uint8Array(await blobs[i]!.blob.arrayBuffer()));
        imageBytes = (name) => byName.get(name)!;
      }
      const archive = exportArchive(project, format, imageBytes);
      const label = EXPORT_FORMATS.find((f) => f.format === format)?.label ?? format;
      const result = await this.deps.saveFile({ suggestedName: archive.fileName, filters: [{ name: 'Zip archive', extensions: ['zip'] }], data: archive.data });
      const shapes = project.images.reduce((n, i) => n + i.shapes.length, 0);
      this.update({
        report: result.saved
          ? { kind: 'info', text: `Exported ${plural(project.images.length, 'image')}, ${plural(shapes, 'shape')} as ${label}: ${result.path ?? archive.fileName}`, details: [] }
          : { kind: 'info', text: 'Export cancelled: no file was written.', details: [] },
      });
    } catch (error) {
      this.update({ report: { kind: 'error', text: `Export failed: ${error instanceof Error ? error.message : String(error)}`, details: ['No file was written.'] } });
    } finally {
      this.update({ busy: null });
    }
  }

  private update(change: Partial<ExchangeSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    for (const listener of this.listeners) listener();
  }
}

export function importReport(report: AnnotationImportReport): ExchangeReport {
  const details = [
    ...report.createdClasses.map((name) => `new class “${name}”`),
    ...report.unmatched.map((u) => `${u.fileName}: not imported (${plural(u.annotations, 'annotation')}): ${u.reason}`),
    ...report.skippedLabels.map((s) => `“${s.label}”: ${plural(s.annotations, 'annotation')} left out`),
    ...report.unsupported.map((u) => `not imported: ${u}`),
  ];
  const text = `Imported ${plural(report.shapes, 'shape')} and ${plural(report.masks, 'mask')} onto ${plural(report.imagesLabeled, 'image')} (${report.formats.join(', ')}).`;
  return { kind: report.unmatched.length ? 'error' : 'info', text, details };
}
