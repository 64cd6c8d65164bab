import 'fake-indexeddb/auto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { addClass, listClasses } from '../db/classRepository';
import { createProject } from '../db/projectRepository';
import { putImageProposals } from '../db/proposalRepository';
import { maskTileId, type MaskTileRecord } from '../db/records';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { TILE_SIZE } from '../masks/maskTiles';
import { DialogStore } from '../workspace/dialogStore';
import { ExchangeStore } from './exchangeStore';
import { importIntoProject } from './importIntoProject';
import { exportArchive, loadExportProject } from './projectExport';
import { readAnnotationFiles } from './readAnnotationFiles';

async function labeledProject(db: SegAdaptDatabase) {
  const project = await createProject(db, 'Streets');
  await addClass(db, project.id, 'car');
  await addClass(db, project.id, 'road');
  const a = await addTestImage(db, project.id, { name: 'shots/A.jpg', width: 600, height: 300 });
  const b = await addTestImage(db, project.id, { name: 'b.png', width: 40, height: 30 });
  const now = Date.now();
  await db.annotations.bulkAdd([
    { v: 1, id: 'p1', projectId: project.id, imageId: a.id, classId: 1, geometry: { kind: 'polygon', points: [10.25, 20.5, 300.125, 22, 280, 250.75] }, source: 'manual', updatedAt: now },
    { v: 1, id: 'b1', projectId: project.id, imageId: a.id, classId: 2, geometry: { kind: 'box', x: 5, y: 6, w: 70.5, h: 80 }, source: 'manual', updatedAt: now + 1 },
    { v: 1, id: 'p2', projectId: project.id, imageId: b.id, classId: 2, geometry: { kind: 'polygon', points: [1, 1, 30, 2, 20, 25] }, source: 'predicted', updatedAt: now + 2 },
  ]);
  const data = new Uint8Array(TILE_SIZE * TILE_SIZE);
  for (let i = 0; i < data.length; i++) if ((i * 7919) % 13 < 4) data[i] = 1;
  const tile = (tx: number, classId: number): MaskTileRecord => ({ v: 1, id: maskTileId(a.id, classId, tx, 0), projectId: project.id, imageId: a.id, classId, tx, ty: 0, size: TILE_SIZE, data });
  // The second tile reaches past the 600 px edge: only its part inside the image exists.
  await db.maskTiles.bulkAdd([tile(0, 2), tile(2, 2)]);
  await db.images.update(b.id, { fullyLabeled: true });
  return { project, a, b };
}

async function storedLabels(db: SegAdaptDatabase, projectId: string) {
  const classes = new Map((await listClasses(db, projectId)).map((c) => [c.classId, c.name]));
  const images = new Map((await db.images.where('projectId').equals(projectId).toArray()).map((i) => [i.id, i.name]));
  const annotations = (await db.annotations.where('projectId').equals(projectId).toArray())
    .map((a) => ({ image: images.get(a.imageId), cls: classes.get(a.classId), geometry: a.geometry, source: a.source }))
    .sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
  const tiles = (await db.maskTiles.where('projectId').equals(projectId).toArray()).map((t) => {
    const inside = new Uint8Array(t.data);
    // Pixels past the image edge are not part of the image: compare what is inside.
    const width = t.tx * TILE_SIZE + TILE_SIZE > 600 ? 600 - t.tx * TILE_SIZE : TILE_SIZE;
    for (let y = 0; y < TILE_SIZE; y++) inside.fill(0, y * TILE_SIZE + width, (y + 1) * TILE_SIZE);
    return { image: images.get(t.imageId), cls: classes.get(t.classId), tx: t.tx, ty: t.ty, data: [...inside].join('') };
  });
  tiles.sort((x, y) => `${x.image}${x.cls}${x.tx}`.localeCompare(`${y.image}${y.cls}${y.tx}`));
  return { annotations, tiles };
}

const zipFiles = (data: Uint8Array) => Object.entries(unzipSync(data)).map(([path, bytes]) => ({ path, bytes }));

describe('annotation export and import', () => {
  it('a project exported to COCO and imported into a new project has every polygon, box and mask identical', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const { project } = await labeledProject(db);
    const archive = exportArchive(await loadExportProject(db, project.id, { includeProposals: false }), 'coco', null);
    expect(archive.fileName).toBe('Streets-coco.zip');
    const files = zipFiles(archive.data);
    expect(files.map((f) => f.path)).toEqual(['Streets-coco/annotations/instances.json']);

    const copy = await createProject(db, 'Copy');
    await addTestImage(db, copy.id, { name: 'A.JPG', width: 600, height: 300 });
    await addTestImage(db, copy.id, { name: 'other/b.png', width: 40, height: 30 });
    const documents = readAnnotationFiles(files, ['A.JPG', 'other/b.png']);
    const report = await importIntoProject(db, copy.id, documents, new Map([['car', { kind: 'create' }], ['road', { kind: 'create' }]]));
    expect(report).toMatchObject({ shapes: 3, masks: 1, imagesLabeled: 2, createdClasses: ['car', 'road'], unmatched: [] });

    const before = await storedLabels(db, project.id), after = await storedLabels(db, copy.id);
    const rename = (name?: string) => (name === 'A.JPG' ? 'shots/A.jpg' : name === 'other/b.png' ? 'b.png' : name);
    const byJson = <T,>(rows: T[]) => rows.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(byJson(after.annotations.map((a) => ({ ...a, image: rename(a.image) })))).toEqual(byJson(before.annotations));
    expect(after.tiles).toHaveLength(2);
    expect(byJson(after.tiles.map((t) => ({ ...t, image: rename(t.image) })))).toEqual(byJson(before.tiles));
    const imported = await db.images.where('projectId').equals(copy.id).toArray();
    expect(imported.map((i) => [i.name, i.classIds, i.status]).sort()).toEqual([['A.JPG', [1, 2], 'labeled'], ['other/b.png', [2], 'labeled']]);
  });

  it('pending pre-labels are exported only when asked, marked as proposals with their score', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const { project, b } = await labeledProject(db);
    await putImageProposals(db, { imageId: b.id, modelVersionId: 'm1', instances: [{ classId: 1, score: 0.75, polygon: [0, 0, 5, 0, 5, 5] }], meanConfidence: 0.8 });
    const coco = (include: boolean) => loadExportProject(db, project.id, { includeProposals: include }).then((p) => JSON.parse(new TextDecoder().decode(zipFiles(exportArchive(p, 'coco', null).data)[0].bytes)));
    const sources = (json: { annotations: { attributes: { source: string } }[] }) => json.annotations.map((a) => a.attributes.source).sort();
    expect(sources(await coco(false))).toEqual(['manual', 'manual', 'manual', 'predicted']);
    const all = await coco(true);
    expect(sources(all)).toEqual(['manual', 'manual', 'manual', 'predicted', 'proposal']);
    expect(all.annotations.find((a: { attributes: { source: string } }) => a.attributes.source === 'proposal').score).toBe(0.75);
  });

  it('the data folder holds images, class-id masks, classes.json and boxes.json, and reads back as the same labels', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const { project } = await labeledProject(db);
    const imageBytes = (name: string) => new TextEncoder().encode(`bytes of ${name}`);
    const files = zipFiles(exportArchive(await loadExportProject(db, project.id, { includeProposals: false }), 'data-folder', imageBytes).data);
    expect(files.map((f) => f.path).sort()).toEqual(['Streets-data-folder/boxes.json', 'Streets-data-folder/classes.json', 'Streets-data-folder/images/A.jpg', 'Streets-data-folder/images/b.png', 'Streets-data-folder/masks/A.png', 'Streets-data-folder/masks/b.png']);
    const boxes = JSON.parse(new TextDecoder().decode(files.find((f) => f.path.endsWith('boxes.json'))!.bytes));
    expect(boxes).toEqual({ A: [{ classId: 2, x: 5, y: 6, w: 70.5, h: 80 }] });
    const [document] = readAnnotationFiles(files.filter((f) => !f.path.includes('/images/')), ['shots/A.jpg', 'b.png']);
    expect(document.format).toBe('SegAdapt data folder');
    const b = document.images.find((i) => i.fileName === 'b.png')!;
    // b is fully labeled: its polygon is class 2, everything else background.
    expect(b.fullyLabeled).toBe(true);
    expect(b.masks.map((m) => m.label)).toEqual(['road']);
    expect(document.images.find((i) => i.fileName === 'shots/A.jpg')!.shapes).toEqual([{ label: 'road', geometry: { kind: 'box', x: 5, y: 6, w: 70.5, h: 80 }, source: 'manual' }]);
  });

  it('a failure inside the import leaves the project untouched', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const { project } = await labeledProject(db);
    const files = zipFiles(exportArchive(await loadExportProject(db, project.id, { includeProposals: false }), 'coco', null).data);
    const copy = await createProject(db, 'Copy');
    await addTestImage(db, copy.id, { name: 'A.jpg', width: 600, height: 300 });
    // "road" has no decision: the transaction fails after creating "car".
    await expect(importIntoProject(db, copy.id, readAnnotationFiles(files, ['A.jpg']), new Map([['car', { kind: 'create' }]]))).rejects.toThrow(/road/);
    expect(await listClasses(db, copy.id)).toEqual([]);
    expect(await db.annotations.where('projectId').equals(copy.id).count()).toBe(0);
    expect(await db.maskTiles.where('projectId').equals(copy.id).count()).toBe(0);
  });

  it('the store asks about unknown labels, maps or creates them, and reports annotations whose image is not in the project', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    await addClass(db, project.id, 'Vehicle');
    await addTestImage(db, project.id, { name: 'a.jpg', width: 4, height: 3 });
    const dialogs = new DialogStore();
    let changed = 0;
    const store = new ExchangeStore({ db, dialogs, saveFile: async () => ({ saved: false }), currentProjectId: () => project.id, flushed: async () => {}, importImages: async () => {}, projectChanged: async () => void changed++ });
    const coco = {
      images: [{ id: 1, file_name: 'A.jpg', width: 4, height: 3 }, { id: 2, file_name: 'gone.jpg', width: 4, height: 3 }],
      categories: [{ id: 1, name: 'car' }, { id: 2, name: 'tree' }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, segmentation: [], bbox: [0, 0, 2, 2] },
        { id: 2, image_id: 1, category_id: 2, segmentation: [[0, 0, 3, 0, 3, 2]] },
        { id: 3, image_id: 2, category_id: 2, segmentation: [], bbox: [0, 0, 1, 1] },
      ],
    };
    const answers = ['map', '1', 'create'];
    const unsubscribe = dialogs.subscribe(() => {
      const open = dialogs.getSnapshot();
      if (open?.kind === 'choose') queueMicrotask(() => open.resolve(answers.shift()!));
    });
    const report = await store.importAnnotations([{ name: 'coco.json', file: new Blob([JSON.stringify(coco)]) }]);
    unsubscribe();
    expect(report).toMatchObject({ shapes: 2, createdClasses: ['tree'], unmatched: [{ fileName: 'gone.jpg', annotations: 1 }] });
    expect(changed).toBe(1);
    expect(store.getSnapshot().report?.details).toContain('gone.jpg: not imported (1 annotation): no image of that name in the project');
    const classes = new Map((await listClasses(db, project.id)).map((c) => [c.classId, c.name]));
    expect((await db.annotations.toArray()).map((a) => classes.get(a.classId)).sort()).toEqual(['Vehicle', 'tree']);

    const elsewhere = { ...coco, images: [{ id: 1, file_name: 'x.jpg', width: 4, height: 3 }, { id: 2, file_name: 'y.jpg', width: 4, height: 3 }], categories: [{ id: 1, name: 'new label' }, { id: 2, name: 'other' }] };
    expect(await store.importAnnotations([{ name: 'elsewhere.json', file: new Blob([JSON.stringify(elsewhere)]) }])).toBeNull();
    expect(store.getSnapshot().report).toMatchObject({ kind: 'error', text: 'Nothing imported: none of the 2 images the file annotates is in this project (images are matched by file name).' });
    // Nothing was asked and no class was made for the labels of images the project does not have.
    expect((await listClasses(db, project.id)).map((c) => c.name)).toEqual(['Vehicle', 'tree']);

    const refused = await store.importAnnotations([{ name: 'broken.json', file: new Blob(['{"images": [']) }]);
    expect(refused).toBeNull();
    expect(store.getSnapshot().report).toMatchObject({ kind: 'error', text: 'Import refused: broken.json: the JSON ends early (truncated file?)' });
  });

  it('a dropped data folder imports its images as images and its masks, classes.json and boxes.json as their labels', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const importedAsImages: string[] = [];
    const dialogs = new DialogStore();
    const asked: string[] = [];
    dialogs.subscribe(() => {
      const open = dialogs.getSnapshot();
      if (open?.kind === 'choose') {
        asked.push(open.title);
        queueMicrotask(() => open.resolve('create'));
      }
    });
    const store = new ExchangeStore({
      db,
      dialogs,
      saveFile: async () => ({ saved: false }),
      currentProjectId: () => project.id,
      flushed: async () => {},
      // Stands in for the workspace's image import.
      importImages: async (candidates) => {
        for (const c of candidates) {
          importedAsImages.push(c.name);
          await addTestImage(db, project.id, { name: c.name, width: 2, height: 1 });
        }
      },
      projectChanged: async () => {},
    });
    const { encodePalettePng } = await import('./pngCodec');
    const file = (bytes: Uint8Array | string) => new Blob([typeof bytes === 'string' ? bytes : (bytes as Uint8Array<ArrayBuffer>)]);
    await store.importFiles([
      { name: 'data/images/a.png', file: file('png bytes') },
      { name: 'data/masks/a.png', file: file(encodePalettePng(2, 1, Uint8Array.from([255, 1]), [])) },
      { name: 'data/classes.json', file: file(JSON.stringify({ classes: [{ id: 0, name: 'background' }, { id: 1, name: 'cell' }] })) },
      { name: 'data/boxes.json', file: file(JSON.stringify({ a: [{ classId: 1, x: 0, y: 0, w: 1, h: 1 }] })) },
    ]);
    expect(importedAsImages).toEqual(['data/images/a.png']);
    expect(asked).toEqual(['The label “cell” is not a class of this project']);
    expect(store.getSnapshot().report?.text).toBe('Imported 1 shape and 1 mask onto 1 image (SegAdapt data folder).');
  });

  it('PNG masks: one palette PNG of class ids per labeled image, unique names, and classes.json with background and colours', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'Cells');
    const cell = await addClass(db, project.id, 'cell');
    const first = await addTestImage(db, project.id, { name: 'x/a.png', width: 6, height: 4 });
    const second = await addTestImage(db, project.id, { name: 'y/a.png', width: 6, height: 4, fullyLabeled: true });
    await addTestImage(db, project.id, { name: 'unlabeled.png', width: 6, height: 4 });
    const polygon = { kind: 'polygon' as const, points: [0, 0, 3, 0, 3, 2, 0, 2] };
    await db.annotations.bulkAdd([first, second].map((image, i) => ({ v: 1 as const, id: `s${i}`, projectId: project.id, imageId: image.id, classId: cell.classId, geometry: polygon, source: 'manual' as const, updatedAt: i })));
    const files = zipFiles(exportArchive(await loadExportProject(db, project.id, { includeProposals: false }), 'png-masks', null).data);
    expect(files.map((f) => f.path).sort()).toEqual(['Cells-png-masks/classes.json', 'Cells-png-masks/masks/a-2.png', 'Cells-png-masks/masks/a.png']);
    const { decodeMaskPng } = await import('./pngCodec');
    const rows = (path: string) => {
      const { values } = decodeMaskPng(files.find((f) => f.path.endsWith(path))!.bytes);
      return [0, 1, 2, 3].map((y) => [...values.subarray(y * 6, y * 6 + 6)].join(' '));
    };
    expect(rows('masks/a.png')).toEqual(['1 1 1 255 255 255', '1 1 1 255 255 255', '255 255 255 255 255 255', '255 255 255 255 255 255']);
    expect(rows('masks/a-2.png')).toEqual(['1 1 1 0 0 0', '1 1 1 0 0 0', '0 0 0 0 0 0', '0 0 0 0 0 0']);
    const classes = JSON.parse(new TextDecoder().decode(files.find((f) => f.path.endsWith('classes.json'))!.bytes));
    expect(classes).toEqual({ classes: [{ id: 0, name: 'background', color: '#000000' }, { id: 1, name: 'cell', color: cell.color }], ignore_index: 255 });
  });
});
