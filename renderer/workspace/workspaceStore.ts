import { loadImageAnnotations } from '../db/annotationRepository';
import { addClass, deleteClass, listClasses, updateClass, type ClassChange } from '../db/classRepository';
import { EditWriter } from '../db/editWriter';
import { createProject, deleteProject, listProjects, renameProject } from '../db/projectRepository';
import type { ClassRecord, ImageRecord, ImageStatus, ProjectRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { removeImages } from '../db/imageRemoval';
import { readImage } from '../db/validateRecords';
import { Editor } from '../editor/editor';
import type { ImageDecoder } from '../importing/imageDecoder';
import { importImages, type ImportCandidate, type ImportProgress } from '../importing/importImages';
import { DialogStore } from './dialogStore';
import { toEditorClasses } from './editorClasses';
import { filterImages, NO_FILTER, type ImageFilter } from './imageFilter';
import { clickSelection, keepExisting, NO_SELECTION, singleSelection, type ImageSelection, type SelectionClick } from './imageSelection';
import { importNotices } from './importNotices';
import { addNotices, notice, type Notice } from './notices';

export interface WorkspaceSnapshot {
  projects: ProjectRecord[];
  projectId: string | null;
  classes: ClassRecord[];
  images: ImageRecord[];
  filter: ImageFilter;
  openImageId: string | null;
  /** The images selected in the list (the open one after a plain click). */
  selection: ImageSelection;
  /** The open image, decoded at full resolution. */
  openBitmap: ImageBitmap | null;
  importing: ImportProgress | null;
  notices: Notice[];
}

const LAST_PROJECT_KEY = 'segadapt.lastProjectId';
const lastImageKey = (projectId: string) => `segadapt.lastImageId.${projectId}`;

export interface WorkspaceDependencies {
  db: SegAdaptDatabase;
  decoder: ImageDecoder;
  decodeForCanvas(blob: Blob): Promise<ImageBitmap>;
  storage?: Pick<Storage, 'getItem' | 'setItem'>;
}

/**
 * Projects, classes, images and the open image: loads them from Dexie, applies the user's commands
 * and keeps the editor in step. Components read the snapshot and call these methods.
 */
export class WorkspaceStore {
  readonly dialogs = new DialogStore();
  readonly editor: Editor;
  readonly writer: EditWriter;
  private snapshot: WorkspaceSnapshot = { projects: [], projectId: null, classes: [], images: [], filter: NO_FILTER, openImageId: null, selection: NO_SELECTION, openBitmap: null, importing: null, notices: [] };
  private readonly listeners = new Set<() => void>();
  private openRequest = 0;

  constructor(private readonly deps: WorkspaceDependencies) {
    this.writer = new EditWriter(deps.db, (imageId) => this.refreshImage(imageId), (error) => this.report('Saving failed', error));
    this.editor = new Editor(this.writer);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): WorkspaceSnapshot => this.snapshot;

  async start(): Promise<void> {
    const projects = await listProjects(this.deps.db);
    this.update({ projects });
    const last = this.deps.storage?.getItem(LAST_PROJECT_KEY);
    const project = projects.find((p) => p.id === last) ?? projects[0];
    if (project) await this.switchProject(project.id);
  }

  // Projects

  async createProject(): Promise<void> {
    const name = await this.dialogs.prompt('New project', 'Project name', 'Untitled project');
    if (!name?.trim()) return;
    const project = await createProject(this.deps.db, name);
    this.update({ projects: await listProjects(this.deps.db) });
    await this.switchProject(project.id);
  }

  async renameProject(): Promise<void> {
    const project = this.currentProject();
    if (!project) return;
    const name = await this.dialogs.prompt('Rename project', 'Project name', project.name);
    if (!name?.trim() || name.trim() === project.name) return;
    await renameProject(this.deps.db, project.id, name);
    this.update({ projects: await listProjects(this.deps.db) });
  }

  async deleteProject(): Promise<void> {
    const project = this.currentProject();
    if (!project) return;
    const count = this.snapshot.images.length;
    const ok = await this.dialogs.confirm(
      `Delete “${project.name}”?`,
      `Its ${count} image${count === 1 ? '' : 's'}, classes and every annotation will be deleted from this computer. This cannot be undone.`,
      'Delete project',
    );
    if (!ok) return;
    await this.writer.flushed();
    await deleteProject(this.deps.db, project.id);
    const projects = await listProjects(this.deps.db);
    this.update({ projects, projectId: null, classes: [], images: [] });
    this.closeImage();
    if (projects[0]) await this.switchProject(projects[0].id);
  }

  async switchProject(projectId: string): Promise<void> {
    await this.writer.flushed();
    this.closeImage();
    const [classes, images] = await Promise.all([listClasses(this.deps.db, projectId), this.loadImages(projectId)]);
    this.deps.storage?.setItem(LAST_PROJECT_KEY, projectId);
    this.update({ projectId, classes, images, filter: NO_FILTER, selection: NO_SELECTION });
    this.editor.setClasses(toEditorClasses(classes));
    const lastImage = this.deps.storage?.getItem(lastImageKey(projectId));
    if (lastImage && images.some((image) => image.id === lastImage)) await this.openImage(lastImage);
  }

  // Classes

  async addClass(): Promise<void> {
    const { projectId } = this.snapshot;
    if (!projectId) return;
    const name = await this.dialogs.prompt('New class', 'Class name', `class ${this.snapshot.classes.length + 1}`);
    if (!name?.trim()) return;
    const added = await this.guard('Adding the class failed', () => addClass(this.deps.db, projectId, name));
    if (!added) return;
    await this.reloadClasses();
    this.editor.setActiveClass(added.classId);
  }

  async renameClass(id: string): Promise<void> {
    const current = this.snapshot.classes.find((c) => c.id === id);
    if (!current) return;
    const name = await this.dialogs.prompt('Rename class', 'Class name', current.name);
    if (name?.trim()) await this.changeClass(id, { name });
  }

  /** Shown at once (a colour picker or opacity slider must follow the pointer), then stored. */
  async changeClass(id: string, change: ClassChange): Promise<void> {
    const classes = this.snapshot.classes.map((c) => (c.id === id ? { ...c, ...change } : c));
    this.update({ classes });
    this.editor.setClasses(toEditorClasses(classes));
    await this.guard('Changing the class failed', () => updateClass(this.deps.db, id, change));
    await this.reloadClasses();
  }

  async deleteClass(id: string): Promise<void> {
    const doomed = this.snapshot.classes.find((c) => c.id === id);
    if (!doomed) return;
    const others = this.snapshot.classes.filter((c) => c.id !== id);
    const choice = await this.dialogs.choose(`Delete class “${doomed.name}”?`, 'What should happen to the boxes, polygons and brush masks of this class, in every image of the project?', [
      { value: 'delete', label: 'Delete its annotations', danger: true },
      ...others.map((c) => ({ value: String(c.classId), label: `Move them to “${c.name}”` })),
    ]);
    if (choice === null) return;
    await this.writer.flushed();
    const deletion = choice === 'delete' ? ({ annotations: 'delete' } as const) : ({ annotations: 'reassign', toClassId: Number(choice) } as const);
    await this.guard('Deleting the class failed', () => deleteClass(this.deps.db, id, deletion));
    this.editor.forgetHistories();
    await this.reloadClasses();
    this.update({ images: await this.loadImages(doomed.projectId) });
    const openImageId = this.snapshot.openImageId;
    if (openImageId) {
      const stored = await loadImageAnnotations(this.deps.db, openImageId);
      this.editor.reloadDocument(stored.document, stored.tiles);
    }
  }

  // Images

  async importFiles(candidates: ImportCandidate[]): Promise<void> {
    const { projectId } = this.snapshot;
    if (!projectId || !candidates.length) return;
    this.update({ importing: { done: 0, total: candidates.length } });
    try {
      const report = await importImages(this.deps.db, projectId, candidates, this.deps.decoder, (importing) => this.update({ importing }));
      this.update({ notices: addNotices(this.snapshot.notices, importNotices(report)) });
      if (this.snapshot.projectId === projectId) this.update({ images: await this.loadImages(projectId) });
      if (!this.snapshot.openImageId && report.imported[0]) await this.openImage(report.imported[0].id);
    } catch (error) {
      this.report('Import failed', error);
    } finally {
      this.update({ importing: null });
    }
  }

  setFilter(filter: ImageFilter): void {
    this.update({ filter });
  }

  async openImage(imageId: string): Promise<void> {
    const request = ++this.openRequest;
    const image = this.snapshot.images.find((i) => i.id === imageId);
    if (!image) return;
    try {
      const stored = await this.deps.db.imageBlobs.get(imageId);
      if (!stored) throw new Error(`${image.name} has no stored file`);
      const [bitmap, annotations] = await Promise.all([this.deps.decodeForCanvas(stored.blob), loadImageAnnotations(this.deps.db, imageId)]);
      // The user may have clicked another image meanwhile.
      if (request !== this.openRequest) {
        bitmap.close();
        return;
      }
      this.snapshot.openBitmap?.close();
      this.editor.openImage({ id: image.id, width: bitmap.width, height: bitmap.height }, annotations.document, annotations.tiles);
      this.update({ openImageId: imageId, openBitmap: bitmap });
      this.deps.storage?.setItem(lastImageKey(image.projectId), imageId);
    } catch (error) {
      this.report(`Could not open ${image.name}`, error);
    }
  }

  /** A click on an image row: a plain click selects and opens it, Ctrl/Cmd or Shift+click change the selection. */
  async clickImage(imageId: string, click: SelectionClick): Promise<void> {
    const listIds = filterImages(this.snapshot.images, this.snapshot.filter).map((image) => image.id);
    this.update({ selection: clickSelection(this.snapshot.selection, imageId, click, listIds) });
    if (click === 'single') await this.openImage(imageId);
  }

  /** Opens the next (+1) or previous (-1) image of the list as it is filtered; stays put at either end. */
  async openAdjacentImage(step: 1 | -1): Promise<void> {
    const list = filterImages(this.snapshot.images, this.snapshot.filter);
    if (list.length === 0) return;
    const index = list.findIndex((image) => image.id === this.snapshot.openImageId);
    const next = index < 0 ? (step > 0 ? 0 : list.length - 1) : index + step;
    if (next < 0 || next >= list.length || list[next].id === this.snapshot.openImageId) return;
    await this.writer.flushed();
    if (this.snapshot.selection.ids.length <= 1) this.update({ selection: singleSelection(list[next].id) });
    await this.openImage(list[next].id);
  }

  /** The images "Remove" removes: the selection when it holds more than one image, else the open image. */
  removalTargets(): ImageRecord[] {
    const { selection, openImageId, images } = this.snapshot;
    const ids = selection.ids.length > 1 ? selection.ids : openImageId ? [openImageId] : [];
    return images.filter((image) => ids.includes(image.id));
  }

  /** Removes the selected images (or the open one) from the project, after asking, and opens the open image's neighbour. */
  async removeSelectedImages(): Promise<void> {
    const { projectId } = this.snapshot;
    if (!projectId) return;
    await this.writer.flushed();
    const targets = this.removalTargets();
    if (!targets.length) return;
    const labels = targets.reduce((sum, image) => sum + image.annotationCount, 0);
    const what = targets.length === 1 ? `“${targets[0].name}”` : `${targets.length} images`;
    const ok = await this.dialogs.confirm(
      `Remove ${what} from the project?`,
      `${targets.length === 1 ? 'The image' : 'The images'}${labels ? `, ${targets.length === 1 ? 'its' : 'their'} ${labels} annotation${labels === 1 ? '' : 's'}` : ''} and ${targets.length === 1 ? 'its' : 'their'} pre-labels will be deleted from this computer. This cannot be undone.`,
      targets.length === 1 ? 'Remove image' : `Remove ${targets.length} images`,
    );
    if (!ok) return;
    await this.writer.flushed();
    const ids = new Set(targets.map((image) => image.id));
    const list = filterImages(this.snapshot.images, this.snapshot.filter);
    const openIndex = list.findIndex((i) => i.id === this.snapshot.openImageId);
    const neighbour = openIndex < 0 ? null : (list.slice(openIndex + 1).find((i) => !ids.has(i.id)) ?? list.slice(0, openIndex).reverse().find((i) => !ids.has(i.id)) ?? null);
    const removed = await this.guard(`Removing ${what} failed`, () => removeImages(this.deps.db, projectId, [...ids]));
    if (removed === null) return;
    if (this.snapshot.openImageId && ids.has(this.snapshot.openImageId)) this.closeImage();
    for (const id of ids) this.editor.forgetHistory(id);
    this.update({ images: this.snapshot.images.filter((i) => !ids.has(i.id)), notices: addNotices(this.snapshot.notices, [notice('info', `Removed ${targets.length === 1 ? targets[0].name : `${targets.length} images`}.`)]) });
    if (neighbour && !this.snapshot.openImageId) {
      this.update({ selection: singleSelection(neighbour.id) });
      await this.openImage(neighbour.id);
    }
  }

  async setReviewed(reviewed: boolean): Promise<void> {
    const imageId = this.snapshot.openImageId;
    if (!imageId) return;
    await this.writer.flushed();
    const image = await this.deps.db.images.get(imageId);
    if (!image) return;
    const status: ImageStatus = reviewed ? 'reviewed' : image.annotationCount > 0 ? 'labeled' : 'unlabeled';
    await this.deps.db.images.update(imageId, { status });
    await this.refreshImage(imageId);
  }

  /** Reloads image records that changed outside the editor (pre-labeling sets their status). */
  async refreshImages(imageIds: string[]): Promise<void> {
    const rows = await this.deps.db.images.bulkGet(imageIds);
    const fresh = new Map(rows.filter((row) => row !== undefined).map((row) => [row.id, readImage(row)]));
    if (fresh.size) this.update({ images: this.snapshot.images.map((i) => fresh.get(i.id) ?? i) });
  }

  /** The image's annotations changed outside the editor (accepted proposals): its record and, when open, the editor's document follow. */
  async reloadAnnotations(imageId: string): Promise<void> {
    await this.refreshImage(imageId);
    if (this.snapshot.openImageId !== imageId) return;
    const stored = await loadImageAnnotations(this.deps.db, imageId);
    if (this.snapshot.openImageId === imageId) this.editor.reloadDocument(stored.document, stored.tiles);
  }

  dismissNotice(id: number): void {
    this.update({ notices: this.snapshot.notices.filter((n) => n.id !== id) });
  }

  private closeImage(): void {
    this.openRequest++;
    this.snapshot.openBitmap?.close();
    this.editor.closeImage();
    this.update({ openImageId: null, openBitmap: null });
  }

  private currentProject(): ProjectRecord | undefined {
    return this.snapshot.projects.find((p) => p.id === this.snapshot.projectId);
  }

  private async reloadClasses(): Promise<void> {
    const { projectId } = this.snapshot;
    if (!projectId) return;
    const classes = await listClasses(this.deps.db, projectId);
    this.update({ classes });
    this.editor.setClasses(toEditorClasses(classes));
  }

  private async loadImages(projectId: string): Promise<ImageRecord[]> {
    const rows = await this.deps.db.images.where('projectId').equals(projectId).toArray();
    return rows.map(readImage).sort((a, b) => a.addedAt - b.addedAt || a.name.localeCompare(b.name));
  }

  private async refreshImage(imageId: string): Promise<void> {
    const row = await this.deps.db.images.get(imageId);
    if (!row) return;
    const image = readImage(row);
    this.update({ images: this.snapshot.images.map((i) => (i.id === imageId ? image : i)) });
  }

  private async guard<T>(what: string, work: () => Promise<T>): Promise<T | null> {
    try {
      return await work();
    } catch (error) {
      this.report(what, error);
      return null;
    }
  }

  private report(what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.update({ notices: addNotices(this.snapshot.notices, [notice('error', `${what}: ${message}`)]) });
  }

  private update(change: Partial<WorkspaceSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...change };
    if (change.images) this.snapshot.selection = keepExisting(this.snapshot.selection, new Set(change.images.map((image) => image.id)));
    for (const listener of this.listeners) listener();
  }
}
