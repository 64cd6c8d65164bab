import { maskTileId, type ClassRecord } from './records';
import type { SegAdaptDatabase } from './segAdaptDatabase';
import { CLASS_PALETTE } from './classPalette';
import { newId } from './newId';
import { readClass } from './validateRecords';
import { refreshImageSummaries } from './imageSummary';

export const MAX_CLASS_ID = 254;

export async function listClasses(db: SegAdaptDatabase, projectId: string): Promise<ClassRecord[]> {
  const rows = await db.classes.where('projectId').equals(projectId).toArray();
  return rows.map(readClass).sort((a, b) => a.order - b.order);
}

const sameName = (a: string, b: string) => a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();

/** Two classes of one project with one name cannot be told apart in lists, dialogs and exports. */
function refuseDuplicateName(classes: readonly ClassRecord[], name: string, exceptId?: string): void {
  const clash = classes.find((c) => c.id !== exceptId && sameName(c.name, name));
  if (clash) throw new Error(`a class called “${clash.name}” already exists in this project`);
}

export async function addClass(db: SegAdaptDatabase, projectId: string, name: string): Promise<ClassRecord> {
  return db.transaction('rw', db.classes, async () => {
    const existing = await listClasses(db, projectId);
    refuseDuplicateName(existing, name);
    const used = new Set(existing.map((c) => c.classId));
    let classId = 1;
    while (used.has(classId)) classId++;
    if (classId > MAX_CLASS_ID) throw new Error(`A project holds at most ${MAX_CLASS_ID} classes`);
    const order = existing.length ? Math.max(...existing.map((c) => c.order)) + 1 : 0;
    const record = readClass({
      v: 1,
      id: newId(),
      projectId,
      classId,
      name: name.trim(),
      color: CLASS_PALETTE[(classId - 1) % CLASS_PALETTE.length],
      opacity: 0.5,
      visible: true,
      order,
    });
    await db.classes.add(record);
    return record;
  });
}

export type ClassChange = Partial<Pick<ClassRecord, 'name' | 'color' | 'opacity' | 'visible'>>;

export async function updateClass(db: SegAdaptDatabase, id: string, change: ClassChange): Promise<ClassRecord> {
  return db.transaction('rw', db.classes, async () => {
    const current = await db.classes.get(id);
    if (!current) throw new Error('That class no longer exists');
    if (change.name !== undefined) refuseDuplicateName(await listClasses(db, current.projectId), change.name, id);
    const updated = readClass({ ...current, ...change });
    await db.classes.put(updated);
    return updated;
  });
}

/** What happens to a deleted class's annotations: removed, or moved to another class. */
export type ClassDeletion = { annotations: 'delete' } | { annotations: 'reassign'; toClassId: number };

export async function deleteClass(db: SegAdaptDatabase, id: string, deletion: ClassDeletion): Promise<void> {
  await db.transaction('rw', [db.classes, db.annotations, db.maskTiles, db.images], async () => {
    const doomed = await db.classes.get(id);
    if (!doomed) return;
    const { projectId, classId } = doomed;
    const annotations = db.annotations.where('[projectId+classId]').equals([projectId, classId]);
    const tiles = await db.maskTiles.where('[projectId+classId]').equals([projectId, classId]).toArray();
    const touchedImages = new Set([...(await annotations.toArray()).map((a) => a.imageId), ...tiles.map((t) => t.imageId)]);
    if (deletion.annotations === 'delete') {
      await annotations.delete();
      await db.maskTiles.bulkDelete(tiles.map((t) => t.id));
    } else {
      await reassignAnnotations(db, projectId, classId, deletion.toClassId);
    }
    await db.classes.delete(id);
    await refreshImageSummaries(db, [...touchedImages]);
  });
}

async function reassignAnnotations(db: SegAdaptDatabase, projectId: string, fromClassId: number, toClassId: number): Promise<void> {
  const target = await db.classes.where('[projectId+classId]').equals([projectId, toClassId]).first();
  if (!target) throw new Error('The class to move annotations to does not exist');
  await db.annotations.where('[projectId+classId]').equals([projectId, fromClassId]).modify({ classId: toClassId });
  const tiles = await db.maskTiles.where('[projectId+classId]').equals([projectId, fromClassId]).toArray();
  for (const tile of tiles) {
    // Merging into the target's tile keeps the target's own paint and adds the moved class's.
    const targetId = maskTileId(tile.imageId, toClassId, tile.tx, tile.ty);
    const existing = await db.maskTiles.get(targetId);
    const data = existing ? existing.data.map((v, i) => v | tile.data[i]) : tile.data;
    await db.maskTiles.put({ ...tile, id: targetId, classId: toClassId, data });
    await db.maskTiles.delete(tile.id);
  }
}
