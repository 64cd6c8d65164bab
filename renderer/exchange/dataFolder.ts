// The CLI's data folder (DESIGN.md): images/, masks/<base>.png (pixel = class id, 255 = not
// labeled), classes.json, boxes.json ({"<base>": [{classId, x, y, w, h}]}). Written from a
// project, and read back from the files of a dropped or picked folder.
import type { ExchangeDocument, ExchangeImage, ExportProject } from './exchangeTypes';
import { ExchangeFormatError } from './exchangeTypes';
import { classesJson, classIdMask, classIdPng, readClassesJson, readClassIdPng } from './classIdMasks';
import { JsonReader, parseJsonFile } from './jsonInput';
import { baseName, stem } from './imageMatching';

/** Files of the folder, path -> bytes; `imageBytes` gives each image's file as imported (null: masks only). */
export function dataFolderFiles(project: ExportProject, imageBytes: ((name: string) => Uint8Array) | null): Map<string, Uint8Array> {
  const encoder = new TextEncoder();
  const files = new Map<string, Uint8Array>();
  const boxes: Record<string, { classId: number; x: number; y: number; w: number; h: number }[]> = {};
  const usedStems = new Set<string>();
  for (const image of project.images) {
    // Base names must be unique in the folder: the CLI pairs images and masks by them.
    let name = stem(image.name);
    for (let n = 2; usedStems.has(name.toLowerCase()); n++) name = `${stem(image.name)}-${n}`;
    usedStems.add(name.toLowerCase());
    const extension = baseName(image.name).slice(stem(image.name).length) || '.png';
    if (imageBytes) files.set(`images/${name}${extension}`, imageBytes(image.name));
    const mask = classIdMask(image, project.classes);
    if (mask) files.set(`masks/${name}.png`, classIdPng(mask, image.width, image.height, project.classes));
    const imageBoxes = image.shapes.flatMap((s) => (s.geometry.kind === 'box' ? [{ classId: s.classId, x: s.geometry.x, y: s.geometry.y, w: s.geometry.w, h: s.geometry.h }] : []));
    if (imageBoxes.length) boxes[name] = imageBoxes;
  }
  files.set('classes.json', encoder.encode(classesJson(project.classes)));
  if (imageBytes || Object.keys(boxes).length) files.set('boxes.json', encoder.encode(JSON.stringify(boxes, null, 2)));
  return files;
}

export interface FolderFile {
  /** Path inside the dropped folder, e.g. 'mydata/masks/a.png'. */
  path: string;
  bytes: Uint8Array;
}

const segments = (path: string) => path.split(/[\\/]/).filter(Boolean);

/** Whether the files hold a data folder: a classes.json beside a masks/ folder or a boxes.json. */
export function isDataFolder(paths: readonly string[]): boolean {
  const lower = paths.map((p) => segments(p.toLowerCase()));
  return lower.some((s) => s[s.length - 1] === 'classes.json') && lower.some((s) => s.includes('masks') || s[s.length - 1] === 'boxes.json');
}

/** Splits a folder's files into its images (to import as images) and its label files. */
export function splitDataFolder<T extends { name: string }>(files: readonly T[]): { images: T[]; labels: T[] } {
  const images: T[] = [], labels: T[] = [];
  for (const file of files) {
    const parts = segments(file.name.toLowerCase());
    const last = parts[parts.length - 1];
    if (parts.slice(0, -1).includes('masks') || last === 'classes.json' || last === 'boxes.json') labels.push(file);
    else images.push(file);
  }
  return { images, labels };
}

/** The labels of a data folder: its masks/ PNGs and boxes.json, named by classes.json. Images are matched by base name. */
export function readDataFolder(files: readonly FolderFile[], imageNames: readonly string[]): ExchangeDocument {
  const decoder = new TextDecoder();
  const find = (name: string) => files.find((f) => baseName(f.path).toLowerCase() === name);
  const classesFile = find('classes.json');
  if (!classesFile) throw new ExchangeFormatError('classes.json', 'missing: a data folder names its classes there');
  const classes = readClassesJson(classesFile.path, decoder.decode(classesFile.bytes));
  const imageByStem = new Map(imageNames.map((n) => [stem(n).toLowerCase(), n]));
  const images = new Map<string, ExchangeImage>();
  const imageFor = (base: string): ExchangeImage => {
    const key = base.toLowerCase();
    let image = images.get(key);
    if (!image) {
      image = { fileName: imageByStem.get(key) ?? base, width: null, height: null, shapes: [], masks: [] };
      images.set(key, image);
    }
    return image;
  };
  for (const file of files) {
    const parts = segments(file.path);
    if (!parts.slice(0, -1).some((p) => p.toLowerCase() === 'masks') || !/\.png$/i.test(file.path)) continue;
    const base = stem(parts[parts.length - 1]);
    const read = readClassIdPng(file.path, imageFor(base).fileName, file.bytes, classes);
    Object.assign(imageFor(base), { width: read.width, height: read.height, masks: read.masks, fullyLabeled: read.fullyLabeled });
  }
  const boxesFile = find('boxes.json');
  if (boxesFile) {
    const json: JsonReader = new JsonReader(boxesFile.path);
    const root = json.object(parseJsonFile(boxesFile.path, decoder.decode(boxesFile.bytes)), '$');
    for (const [base, list] of Object.entries(root)) {
      json.array(list, `["${base}"]`).forEach((raw, i) => {
        const path = `["${base}"][${i}]`;
        const box = json.object(raw, path);
        const classId = json.integer(box.classId, `${path}.classId`);
        const label = classes.names.get(classId);
        if (label === undefined) json.fail(`${path}.classId`, `is ${classId}, which classes.json does not list`);
        const geometry = { kind: 'box' as const, x: json.number(box.x, `${path}.x`), y: json.number(box.y, `${path}.y`), w: json.number(box.w, `${path}.w`), h: json.number(box.h, `${path}.h`) };
        imageFor(base).shapes.push({ label, geometry, source: 'manual' });
      });
    }
  }
  const labels = [...classes.names].filter(([id]) => id !== 0 && id !== classes.ignoreIndex).map(([, name]) => name);
  return { format: 'SegAdapt data folder', labels, images: [...images.values()], unsupported: [] };
}
