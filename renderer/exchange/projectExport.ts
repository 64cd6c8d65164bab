// A project as the exporters take it (plain data), and the zip archives the app hands out.
import { zipSync, type Zippable } from 'fflate';
import { listClasses } from '../db/classRepository';
import { listProjectProposals } from '../db/proposalRepository';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import { readAnnotation, readImage, readMaskTile } from '../db/validateRecords';
import { projectToCoco } from './cocoWriter';
import { dataFolderFiles } from './dataFolder';
import type { ExportImage, ExportProject } from './exchangeTypes';

export type ExportFormat = 'coco' | 'png-masks' | 'data-folder';

export const EXPORT_FORMATS: { format: ExportFormat; shortLabel: string; label: string }[] = [
  { format: 'coco', shortLabel: 'COCO JSON', label: 'COCO instances JSON (polygons, boxes, masks as RLE)' },
  { format: 'png-masks', shortLabel: 'PNG masks', label: 'PNG class-id masks + classes.json' },
  { format: 'data-folder', shortLabel: 'Data folder (CLI)', label: 'Data folder for the command line (images, masks, classes.json, boxes.json)' },
];

export interface ExportOptions {
  /** Pending (unreviewed) pre-labels too, each marked attributes.source = 'proposal' with its score. */
  includeProposals: boolean;
}

export async function loadExportProject(db: SegAdaptDatabase, projectId: string, options: ExportOptions): Promise<ExportProject> {
  return db.transaction('r', [db.projects, db.classes, db.images, db.annotations, db.maskTiles, db.proposals], async () => {
    const project = await db.projects.get(projectId);
    if (!project) throw new Error('That project no longer exists');
    const classes = (await listClasses(db, projectId)).map((c) => ({ classId: c.classId, name: c.name, color: c.color }));
    const imageRows = (await db.images.where('projectId').equals(projectId).toArray()).map(readImage).sort((a, b) => a.addedAt - b.addedAt || a.name.localeCompare(b.name));
    const byId = new Map<string, ExportImage>(imageRows.map((i) => [i.id, { name: i.name, width: i.width, height: i.height, fullyLabeled: i.fullyLabeled, shapes: [], tiles: [] }]));
    const annotations = (await db.annotations.where('projectId').equals(projectId).toArray()).map(readAnnotation).sort((a, b) => a.updatedAt - b.updatedAt);
    for (const a of annotations) byId.get(a.imageId)?.shapes.push({ classId: a.classId, geometry: a.geometry, source: a.source });
    const known = new Set(classes.map((c) => c.classId));
    for (const t of (await db.maskTiles.where('projectId').equals(projectId).toArray()).map(readMaskTile)) {
      if (known.has(t.classId)) byId.get(t.imageId)?.tiles.push({ classId: t.classId, tx: t.tx, ty: t.ty, data: t.data });
    }
    if (options.includeProposals) {
      for (const row of await listProjectProposals(db, projectId)) {
        for (const instance of row.instances) {
          if (known.has(instance.classId)) byId.get(row.imageId)?.shapes.push({ classId: instance.classId, geometry: { kind: 'polygon', points: [...instance.polygon] }, source: 'proposal', score: instance.score });
        }
      }
    }
    return { name: project.name, classes, images: [...byId.values()] };
  });
}

const safeName = (name: string) => name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '') || 'project';

export interface ExportArchive {
  fileName: string;
  data: Uint8Array;
  /** Files inside, for the report. */
  entries: string[];
}

/** The files of one export format, at their paths inside the archive's folder. */
export function exportFiles(project: ExportProject, format: ExportFormat, imageBytes: ((name: string) => Uint8Array) | null): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  if (format === 'coco') return new Map([['annotations/instances.json', encoder.encode(JSON.stringify(projectToCoco(project)))]]);
  if (format === 'data-folder') return dataFolderFiles(project, imageBytes);
  // The data folder's masks/ and classes.json (mask names made unique the same way).
  const files = dataFolderFiles(project, null);
  files.delete('boxes.json');
  return files;
}

/** A zip holding one folder named after the project and format; compressed files are stored as they are. */
export function exportArchive(project: ExportProject, format: ExportFormat, imageBytes: ((name: string) => Uint8Array) | null): ExportArchive {
  const folder = `${safeName(project.name)}-${format}`;
  const files = exportFiles(project, format, imageBytes);
  const zippable: Zippable = {};
  for (const [path, data] of files) zippable[`${folder}/${path}`] = [data, { level: /\.(json|txt)$/i.test(path) ? 6 : 0 }];
  return { fileName: `${folder}.zip`, data: zipSync(zippable), entries: [...files.keys()].map((p) => `${folder}/${p}`) };
}
