// Puts read annotation files into a project. Images are matched first; then classes, annotations,
// mask tiles (painted image by image from the runs, never a full-size array) and image summaries
// are written in one Dexie transaction, so a failure leaves the project as it was.
import { addClass, listClasses } from '../db/classRepository';
import { nextStatus } from '../db/imageSummary';
import { newId } from '../db/newId';
import { maskTileId, type AnnotationRecord, type ClassRecord, type ImageRecord, type MaskTileRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readAnnotation } from '../db/validateRecords';
import { TILE_SIZE } from '../masks/maskTiles';
import type { ExchangeDocument, ExchangeImage, MaskRuns } from './exchangeTypes';
import { ImageMatcher } from './imageMatching';
import { paintRuns, TileSet } from './maskRuns';

const key = (name: string) => name.trim().toLocaleLowerCase();

/** What to do with a label the project has no class for. */
export type LabelDecision = { kind: 'create' } | { kind: 'map'; classId: number } | { kind: 'skip' };

/** Labels the documents use (on some shape or mask), in first-seen order. */
export function usedLabels(documents: readonly ExchangeDocument[]): string[] {
  const seen = new Map<string, string>();
  for (const document of documents) {
    const used = new Set(document.images.flatMap((image) => [...image.shapes.map((s) => key(s.label)), ...image.masks.map((m) => key(m.label))]));
    // The file's own order first, then labels it did not declare.
    for (const label of document.labels) if (used.has(key(label)) && !seen.has(key(label))) seen.set(key(label), label.trim());
    for (const image of document.images) for (const { label } of [...image.shapes, ...image.masks]) if (!seen.has(key(label))) seen.set(key(label), label.trim());
  }
  return [...seen.values()];
}

/** Used labels that name no class of the project (compared case-insensitively). */
export function unknownLabels(documents: readonly ExchangeDocument[], classes: readonly Pick<ClassRecord, 'name'>[]): string[] {
  const known = new Set(classes.map((c) => key(c.name)));
  return usedLabels(documents).filter((label) => !known.has(key(label)));
}

/** The documents less the images the project does not have (by name): their labels need no class. */
export function onProjectImages(documents: readonly ExchangeDocument[], images: readonly { id: string; name: string }[]): ExchangeDocument[] {
  const matcher = new ImageMatcher(images);
  return documents.map((d) => ({ ...d, images: d.images.filter((i) => typeof matcher.match(i.fileName) !== 'string') }));
}

export interface AnnotationImportReport {
  formats: string[];
  imagesLabeled: number;
  shapes: number;
  masks: number;
  createdClasses: string[];
  /** File names whose image is not in the project (their annotations are not imported), with why. */
  unmatched: { fileName: string; reason: string; annotations: number }[];
  skippedLabels: { label: string; annotations: number }[];
  unsupported: string[];
}

interface PreparedImage {
  image: ImageRecord;
  annotations: Omit<AnnotationRecord, 'classId'>[];
  annotationLabels: string[];
  /** label -> its masks' runs, painted into tiles in the transaction. */
  masks: Map<string, MaskRuns[]>;
  fullyLabeled: boolean;
}

export async function importIntoProject(
  db: SegAdaptDatabase,
  projectId: string,
  documents: readonly ExchangeDocument[],
  decisions: ReadonlyMap<string, LabelDecision>,
): Promise<AnnotationImportReport> {
  const report: AnnotationImportReport = { formats: [...new Set(documents.map((d) => d.format))], imagesLabeled: 0, shapes: 0, masks: 0, createdClasses: [], unmatched: [], skippedLabels: [], unsupported: documents.flatMap((d) => d.unsupported) };
  const images = await db.images.where('projectId').equals(projectId).toArray();
  const matcher = new ImageMatcher(images);
  const skipped = new Set([...decisions].filter(([, d]) => d.kind === 'skip').map(([label]) => key(label)));
  const skipCounts = new Map<string, number>();
  const prepared = new Map<string, PreparedImage>();
  const now = Date.now();
  let order = 0;
  // Phases show in the browser's performance timeline (bench/annotations reads them).
  performance.mark('exchange:match-start');

  for (const document of documents) {
    for (const entry of document.images) {
      const count = entry.shapes.length + entry.masks.length;
      const image = matcher.match(entry.fileName);
      if (typeof image === 'string') {
        if (count) report.unmatched.push({ fileName: entry.fileName, reason: image === 'missing' ? 'no image of that name in the project' : 'several images of the project have that name', annotations: count });
        continue;
      }
      const sizeProblem = sizeMismatch(entry, image);
      if (sizeProblem) {
        if (count) report.unmatched.push({ fileName: entry.fileName, reason: sizeProblem, annotations: count });
        continue;
      }
      let target = prepared.get(image.id);
      if (!target) {
        target = { image, annotations: [], annotationLabels: [], masks: new Map(), fullyLabeled: false };
        prepared.set(image.id, target);
      }
      if (entry.fullyLabeled) target.fullyLabeled = true;
      for (const shape of entry.shapes) {
        if (skipped.has(key(shape.label))) {
          skipCounts.set(shape.label, (skipCounts.get(shape.label) ?? 0) + 1);
          continue;
        }
        target.annotations.push({ v: 1, id: newId(), projectId, imageId: image.id, geometry: shape.geometry, source: shape.source === 'manual' ? 'manual' : 'predicted', updatedAt: now + order++ });
        target.annotationLabels.push(key(shape.label));
      }
      for (const mask of entry.masks) {
        if (skipped.has(key(mask.label))) {
          skipCounts.set(mask.label, (skipCounts.get(mask.label) ?? 0) + 1);
          continue;
        }
        const runs = target.masks.get(key(mask.label)) ?? [];
        runs.push(mask.runs);
        target.masks.set(key(mask.label), runs);
        report.masks++;
      }
    }
  }
  report.skippedLabels = [...skipCounts].map(([label, annotations]) => ({ label, annotations }));
  performance.measure('exchange: match images', 'exchange:match-start');
  performance.mark('exchange:write-start');

  await db.transaction('rw', [db.classes, db.images, db.annotations, db.maskTiles], async () => {
    const classIdOf = new Map<string, number>();
    for (const c of await listClasses(db, projectId)) classIdOf.set(key(c.name), c.classId);
    for (const [label, decision] of decisions) {
      if (decision.kind === 'map') classIdOf.set(key(label), decision.classId);
      if (decision.kind === 'create' && !classIdOf.has(key(label))) {
        const created = await addClass(db, projectId, label);
        classIdOf.set(key(label), created.classId);
        report.createdClasses.push(created.name);
      }
    }
    const classOf = (label: string): number => {
      const classId = classIdOf.get(label);
      if (classId === undefined) throw new Error(`no class was chosen for the label “${label}”`);
      return classId;
    };
    const touched: string[] = [];
    const existingTileIds = new Set((await db.maskTiles.where('projectId').equals(projectId).primaryKeys()) as string[]);
    // Writes are not awaited one by one: IndexedDB stores an image's tiles (in the browser's
    // storage process) while the next image's masks are painted here.
    const writes: Promise<unknown>[] = [];
    for (const target of prepared.values()) {
      // The image may have been deleted since the files were read.
      if (!(await db.images.get(target.image.id))) continue;
      const records = target.annotations.map((a, i) => readAnnotation({ ...a, classId: classOf(target.annotationLabels[i]) }));
      if (records.length) writes.push(db.annotations.bulkAdd(records));
      report.shapes += records.length;
      const tiles: MaskTileRecord[] = [];
      for (const [label, masks] of target.masks) {
        const classId = classOf(label);
        const set = new TileSet(target.image.width, target.image.height);
        for (const runs of masks) paintRuns(set, classId, runs);
        for (const tile of set.paintedTiles()) tiles.push({ v: 1, id: maskTileId(target.image.id, classId, tile.tx, tile.ty), projectId, imageId: target.image.id, classId, tx: tile.tx, ty: tile.ty, size: TILE_SIZE, data: tile.data });
      }
      // Painting over what is there already adds to it.
      const overlapping = tiles.filter((t) => existingTileIds.has(t.id));
      if (overlapping.length) {
        const existing = await db.maskTiles.bulkGet(overlapping.map((t) => t.id));
        existing.forEach((old, i) => {
          if (old) for (let p = 0; p < old.data.length; p++) overlapping[i].data[p] |= old.data[p];
        });
      }
      if (tiles.length) writes.push(db.maskTiles.bulkPut(tiles));
      if (target.fullyLabeled) writes.push(db.images.update(target.image.id, { fullyLabeled: true }));
      if (records.length || tiles.length || target.fullyLabeled) {
        touched.push(target.image.id);
        report.imagesLabeled++;
      }
    }
    await Promise.all(writes);
    await refreshSummaries(db, touched);
  });
  performance.measure('exchange: paint masks and write (one transaction)', 'exchange:write-start');
  return report;
}

function sizeMismatch(entry: ExchangeImage, image: ImageRecord): string | null {
  if (entry.width === null || entry.height === null) return null;
  if (entry.width === image.width && entry.height === image.height) return null;
  return `the file says ${entry.width}x${entry.height}, the project's image is ${image.width}x${image.height}`;
}

/**
 * As db/imageSummary's refreshImageSummaries, but reads only the tiles' keys: an import can add
 * hundreds of MB of tiles, and reading them back just for their class ids would double its time.
 */
async function refreshSummaries(db: SegAdaptDatabase, imageIds: readonly string[]): Promise<void> {
  for (const imageId of imageIds) {
    const image = await db.images.get(imageId);
    if (!image) continue;
    const annotations = await db.annotations.where('imageId').equals(imageId).toArray();
    const tileKeys = (await db.maskTiles.where('imageId').equals(imageId).primaryKeys()) as string[];
    // Tile ids are `${imageId}:${classId}:${tx},${ty}`.
    const maskClassIds = new Set(tileKeys.map((id) => Number(id.slice(imageId.length + 1).split(':')[0])));
    const classIds = [...new Set([...annotations.map((a) => a.classId), ...maskClassIds])].sort((a, b) => a - b);
    const annotationCount = annotations.length + maskClassIds.size;
    await db.images.put({ ...image, classIds, annotationCount, status: nextStatus(image.status, annotationCount), updatedAt: Date.now() });
  }
}
