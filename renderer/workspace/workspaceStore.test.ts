import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { screenPoint } from '../geometry/points';
import type { ImageDecoder } from '../importing/imageDecoder';
import { WorkspaceStore } from './workspaceStore';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const png = (salt: number) => new Blob([new Uint8Array([...PNG, salt])]);
const decoder: ImageDecoder = { decode: async () => ({ width: 200, height: 100, thumbnail: new Blob([]) }) };
const fakeBitmap = () => ({ width: 200, height: 100, close() {} }) as unknown as ImageBitmap;

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

/** Answers the dialog the workspace has open with `answer`. */
function answer(workspace: WorkspaceStore, value: string | boolean | null): void {
  const dialog = workspace.dialogs.getSnapshot();
  if (!dialog) throw new Error('no dialog is open');
  (dialog.resolve as (v: typeof value) => void)(value);
}

async function withAnswer<T>(workspace: WorkspaceStore, run: () => Promise<T>, value: string | boolean | null): Promise<T> {
  const pending = run();
  answer(workspace, value);
  return pending;
}

function newWorkspace(db = new SegAdaptDatabase(freshDatabaseName()), storage = memoryStorage()) {
  return new WorkspaceStore({ db, decoder, decodeForCanvas: async () => fakeBitmap(), storage });
}

const pointer = (x: number, y: number) => ({ screen: screenPoint(x, y), button: 0, clickCount: 1, shift: false, alt: false, mod: false });

describe('workspace', () => {
  it('creates a project with classes, imports, labels an image and filters the list by status and class', async () => {
    const workspace = newWorkspace();
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'Cells');
    await withAnswer(workspace, () => workspace.addClass(), 'nucleus');
    await withAnswer(workspace, () => workspace.addClass(), 'debris');
    expect(workspace.getSnapshot().classes.map((c) => [c.name, c.classId])).toEqual([
      ['nucleus', 1],
      ['debris', 2],
    ]);
    expect(workspace.editor.getState().activeClassId).toBe(2);

    await workspace.importFiles([
      { name: 'a.png', file: png(1) },
      { name: 'b.png', file: png(2) },
    ]);
    const snapshot = workspace.getSnapshot();
    expect(snapshot.images.map((i) => i.name)).toEqual(['a.png', 'b.png']);
    expect(snapshot.openImageId).toBe(snapshot.images[0].id);
    expect(snapshot.notices.map((n) => n.text)).toEqual(['Imported 2 images.']);

    const editor = workspace.editor;
    editor.setViewport({ scale: 1, x: 0, y: 0 });
    editor.runAction('tool.box');
    editor.pointerDown(pointer(10, 10));
    editor.pointerMove(pointer(50, 50));
    editor.pointerUp(pointer(50, 50));
    await workspace.writer.flushed();
    expect(workspace.getSnapshot().images.map((i) => [i.status, i.classIds])).toEqual([
      ['labeled', [2]],
      ['unlabeled', []],
    ]);

    workspace.setFilter({ status: 'all', classId: 2 });
    expect(workspace.getSnapshot().filter).toEqual({ status: 'all', classId: 2 });
    await workspace.setReviewed(true);
    expect(workspace.getSnapshot().images[0].status).toBe('reviewed');
  });

  it('Page Down / Page Up walk the filtered list, and the open image is open again after a reload', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const storage = memoryStorage();
    const workspace = newWorkspace(db, storage);
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'P');
    await workspace.importFiles([1, 2, 3].map((salt) => ({ name: `${salt}.png`, file: png(salt) })));
    const names = () => workspace.getSnapshot().images.find((i) => i.id === workspace.getSnapshot().openImageId)?.name;
    expect(names()).toBe('1.png');
    await workspace.openAdjacentImage(1);
    await workspace.openAdjacentImage(1);
    expect(names()).toBe('3.png');
    await workspace.openAdjacentImage(1);
    expect(names()).toBe('3.png');
    await workspace.openAdjacentImage(-1);
    expect(names()).toBe('2.png');

    const reloaded = newWorkspace(db, storage);
    await reloaded.start();
    expect(reloaded.getSnapshot().images.find((i) => i.id === reloaded.getSnapshot().openImageId)?.name).toBe('2.png');
  });

  it('removes the open image after asking, opens its neighbour, and the image stays gone after a reload', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const storage = memoryStorage();
    const workspace = newWorkspace(db, storage);
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'P');
    await withAnswer(workspace, () => workspace.addClass(), 'car');
    await workspace.importFiles([1, 2, 3].map((salt) => ({ name: `${salt}.png`, file: png(salt) })));
    await workspace.openAdjacentImage(1);
    const editor = workspace.editor;
    editor.setViewport({ scale: 1, x: 0, y: 0 });
    editor.runAction('tool.box');
    editor.pointerDown(pointer(10, 10));
    editor.pointerUp(pointer(40, 40));
    const openName = () => workspace.getSnapshot().images.find((i) => i.id === workspace.getSnapshot().openImageId)?.name;
    expect(openName()).toBe('2.png');

    const declined = workspace.removeSelectedImages();
    await expect.poll(() => workspace.dialogs.getSnapshot()?.kind).toBe('confirm');
    answer(workspace, false);
    await declined;
    expect(workspace.getSnapshot().images).toHaveLength(3);
    const pending = workspace.removeSelectedImages();
    await expect.poll(() => workspace.dialogs.getSnapshot()?.kind).toBe('confirm');
    const dialog = workspace.dialogs.getSnapshot();
    expect(dialog?.kind === 'confirm' && dialog.message).toMatch(/its 1 annotation and its pre-labels/);
    answer(workspace, true);
    await pending;
    expect(workspace.getSnapshot().images.map((i) => i.name)).toEqual(['1.png', '3.png']);
    expect(openName()).toBe('3.png');
    expect(await db.annotations.count()).toBe(0);

    const reloaded = newWorkspace(db, storage);
    await reloaded.start();
    expect(reloaded.getSnapshot().images.map((i) => i.name)).toEqual(['1.png', '3.png']);
  });

  it('Ctrl+click and Shift+click select several images; Remove removes the selection after asking', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const workspace = newWorkspace(db);
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'P');
    await workspace.importFiles([1, 2, 3, 4, 5].map((salt) => ({ name: `${salt}.png`, file: png(salt) })));
    const ids = workspace.getSnapshot().images.map((i) => i.id);
    const openName = () => workspace.getSnapshot().images.find((i) => i.id === workspace.getSnapshot().openImageId)?.name;
    await workspace.clickImage(ids[1], 'single');
    expect(openName()).toBe('2.png');
    expect(workspace.getSnapshot().selection.ids).toEqual([ids[1]]);
    // Only the open image would go.
    expect(workspace.removalTargets().map((i) => i.name)).toEqual(['2.png']);
    await workspace.clickImage(ids[3], 'range');
    await workspace.clickImage(ids[0], 'toggle');
    expect(openName()).toBe('2.png');
    expect([...workspace.getSnapshot().selection.ids].sort()).toEqual([ids[0], ids[1], ids[2], ids[3]].sort());

    const pending = workspace.removeSelectedImages();
    await expect.poll(() => workspace.dialogs.getSnapshot()?.kind).toBe('confirm');
    const dialog = workspace.dialogs.getSnapshot();
    expect(dialog?.kind === 'confirm' && dialog.title).toBe('Remove 4 images from the project?');
    answer(workspace, true);
    await pending;
    expect(workspace.getSnapshot().images.map((i) => i.name)).toEqual(['5.png']);
    expect(openName()).toBe('5.png');
    expect(workspace.getSnapshot().selection.ids).toEqual([ids[4]]);
    expect(await db.images.count()).toBe(1);
  });

  it('deleting a class can move its annotations to another class, also in the open image', async () => {
    const workspace = newWorkspace();
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'P');
    await withAnswer(workspace, () => workspace.addClass(), 'keep');
    await withAnswer(workspace, () => workspace.addClass(), 'merge me');
    await workspace.importFiles([{ name: 'a.png', file: png(1) }]);
    const editor = workspace.editor;
    editor.setViewport({ scale: 1, x: 0, y: 0 });
    editor.runAction('tool.box');
    editor.pointerDown(pointer(10, 10));
    editor.pointerUp(pointer(40, 40));
    const mergeMe = workspace.getSnapshot().classes[1];
    const pending = workspace.deleteClass(mergeMe.id);
    const dialog = workspace.dialogs.getSnapshot();
    expect(dialog?.kind === 'choose' && dialog.choices.map((c) => c.label)).toEqual(['Delete its annotations', 'Move them to “keep”']);
    answer(workspace, '1');
    await pending;
    expect(workspace.getSnapshot().classes.map((c) => c.name)).toEqual(['keep']);
    expect(editor.getState().document.shapes.map((s) => s.classId)).toEqual([1]);
    expect(workspace.getSnapshot().images[0].classIds).toEqual([1]);
  });

  it('renames, asks before deleting a project, and reopens the last project used', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const storage = memoryStorage();
    const workspace = newWorkspace(db, storage);
    await workspace.start();
    await withAnswer(workspace, () => workspace.createProject(), 'First');
    await withAnswer(workspace, () => workspace.createProject(), 'Second');
    await withAnswer(workspace, () => workspace.renameProject(), 'Second, renamed');
    expect(workspace.getSnapshot().projects.map((p) => p.name)).toEqual(['First', 'Second, renamed']);

    const again = newWorkspace(db, storage);
    await again.start();
    expect(again.getSnapshot().projects.find((p) => p.id === again.getSnapshot().projectId)?.name).toBe('Second, renamed');

    await withAnswer(again, () => again.deleteProject(), false);
    expect(again.getSnapshot().projects).toHaveLength(2);
    await withAnswer(again, () => again.deleteProject(), true);
    expect(again.getSnapshot().projects.map((p) => p.name)).toEqual(['First']);
    expect(again.getSnapshot().projectId).toBe(again.getSnapshot().projects[0].id);
  });
});
