// The CLI's data folder: images/ (png/jpg/webp/bmp), masks/ (PNG class ids, same base name; no mask = unlabeled),
// classes.json and optional boxes.json. Every problem names its file.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ClassSpec, LabeledBox, LabelMask } from '../../contract/jobs';
import { decodeImage } from './decodeImage';
import { decodeMask } from './decodeMask';
import type { RgbImage } from './decodedImage';

export class DataFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

export interface DataFolderItem {
  name: string;
  imageFile: string;
  imageBytes: Uint8Array;
  maskFile?: string;
  mask?: LabelMask;
  boxes?: LabeledBox[];
}

export interface DataFolder {
  classes: ClassSpec[];
  ignoreIndex: number;
  items: DataFolderItem[];
}

const IMAGE_EXTENSIONS = new Set(['.png', '.jpg', '.jpeg', '.webp', '.bmp']);

export function listImageFiles(folder: string): string[] {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DataFolderError(`${folder}: not a folder`);
  return readdirSync(folder)
    .filter((file) => IMAGE_EXTENSIONS.has(path.extname(file).toLowerCase()))
    .sort();
}

export function readClasses(file: string): { classes: ClassSpec[]; ignoreIndex: number } {
  if (!existsSync(file)) throw new DataFolderError(`${file}: missing (it lists the classes: {"classes": [{"id": 0, "name": "background"}, ...]})`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DataFolderError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DataFolderError(`${file}: must be an object like {"classes": [{"id": 0, "name": "background"}, ...]}`);
  const body = json as { classes?: unknown; ignore_index?: unknown };
  if (!Array.isArray(body.classes) || body.classes.length === 0) throw new DataFolderError(`${file}: "classes" must be a non-empty list`);
  const ignoreIndex = body.ignore_index === undefined ? 255 : body.ignore_index;
  if (typeof ignoreIndex !== 'number' || !Number.isInteger(ignoreIndex) || ignoreIndex < 0 || ignoreIndex > 255) {
    throw new DataFolderError(`${file}: "ignore_index" must be an integer 0..255`);
  }
  const seen = new Set<number>();
  const classes = body.classes.map((entry: unknown, i: number): ClassSpec => {
    const item = entry as { id?: unknown; name?: unknown; color?: unknown };
    if (typeof item.id !== 'number' || !Number.isInteger(item.id) || item.id < 0 || item.id > 254 || item.id === ignoreIndex) {
      throw new DataFolderError(`${file}: classes[${i}].id must be an integer 0..254 other than the ignore index`);
    }
    if (typeof item.name !== 'string' || item.name === '') throw new DataFolderError(`${file}: classes[${i}].name must be a non-empty string`);
    if (seen.has(item.id)) throw new DataFolderError(`${file}: class id ${item.id} appears twice`);
    seen.add(item.id);
    return { id: item.id, name: item.name, ...(typeof item.color === 'string' ? { color: item.color } : {}) };
  });
  return { classes, ignoreIndex };
}

function readBoxes(file: string, classIds: Set<number>, names: Set<string>): Map<string, LabeledBox[]> {
  const boxes = new Map<string, LabeledBox[]>();
  if (!existsSync(file)) return boxes;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new DataFolderError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DataFolderError(`${file}: must map image base names to lists of boxes`);
  for (const [name, list] of Object.entries(json)) {
    if (!names.has(name)) throw new DataFolderError(`${file}: "${name}" is not an image in images/`);
    if (!Array.isArray(list)) throw new DataFolderError(`${file}: "${name}" must be a list of boxes`);
    boxes.set(
      name,
      list.map((entry: unknown, i: number) => {
        const box = entry as Record<string, unknown>;
        for (const key of ['classId', 'x', 'y', 'w', 'h']) {
          if (typeof box[key] !== 'number' || !Number.isFinite(box[key])) throw new DataFolderError(`${file}: "${name}"[${i}].${key} must be a number`);
        }
        if (!classIds.has(box.classId as number)) throw new DataFolderError(`${file}: "${name}"[${i}] has unknown class id ${box.classId}`);
        if ((box.w as number) <= 0 || (box.h as number) <= 0) throw new DataFolderError(`${file}: "${name}"[${i}] has an empty box`);
        return { classId: box.classId as number, x: box.x as number, y: box.y as number, w: box.w as number, h: box.h as number };
      }),
    );
  }
  return boxes;
}

/** Checks a mask against its image and the classes; returns it unchanged. */
export function checkMask(mask: LabelMask, image: RgbImage, maskFile: string, classIds: Set<number>, ignoreIndex: number): LabelMask {
  if (mask.width !== image.width || mask.height !== image.height) {
    throw new DataFolderError(`${maskFile}: mask is ${mask.width}x${mask.height} but its image is ${image.width}x${image.height}`);
  }
  for (let i = 0; i < mask.data.length; i++) {
    const value = mask.data[i];
    if (value !== ignoreIndex && !classIds.has(value)) {
      throw new DataFolderError(`${maskFile}: unknown class id ${value} at x=${i % mask.width}, y=${Math.floor(i / mask.width)} (classes.json lists ${[...classIds].join(', ')})`);
    }
  }
  return mask;
}

/**
 * Reads and validates a whole data folder. Images are decoded one at a time to check them (size against
 * masks, corruption) and let go, so a large folder never holds more than one decoded picture; the encoded
 * bytes are kept, as jobs take encoded images.
 */
export function loadDataFolder(folder: string, options: { requireLabels: boolean }): DataFolder {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new DataFolderError(`${folder}: data folder not found`);
  const imagesDir = path.join(folder, 'images');
  const masksDir = path.join(folder, 'masks');
  if (!existsSync(imagesDir)) throw new DataFolderError(`${imagesDir}: missing (a data folder holds images/, masks/ and classes.json)`);
  const { classes, ignoreIndex } = readClasses(path.join(folder, 'classes.json'));
  const classIds = new Set(classes.map((c) => c.id));
  const imageFiles = listImageFiles(imagesDir);
  if (imageFiles.length === 0) throw new DataFolderError(`${imagesDir}: no images (png, jpg, webp, bmp)`);
  const byName = new Map<string, string>();
  for (const file of imageFiles) {
    const name = path.parse(file).name;
    if (byName.has(name)) throw new DataFolderError(`${path.join(imagesDir, file)}: two images share the base name "${name}"`);
    byName.set(name, file);
  }
  if (existsSync(masksDir)) {
    for (const file of readdirSync(masksDir)) {
      if (path.extname(file).toLowerCase() !== '.png') continue;
      if (!byName.has(path.parse(file).name)) throw new DataFolderError(`${path.join(masksDir, file)}: no image with this base name in images/`);
    }
  }
  const boxes = readBoxes(path.join(folder, 'boxes.json'), classIds, new Set(byName.keys()));
  const items: DataFolderItem[] = [];
  for (const [name, file] of byName) {
    const imageFile = path.join(imagesDir, file);
    const imageBytes = new Uint8Array(readFileSync(imageFile));
    const image = decodeImage(imageBytes, imageFile);
    const item: DataFolderItem = { name, imageFile, imageBytes };
    const maskFile = path.join(masksDir, `${name}.png`);
    if (existsSync(maskFile)) {
      item.maskFile = maskFile;
      item.mask = checkMask(decodeMask(new Uint8Array(readFileSync(maskFile)), maskFile), image, maskFile, classIds, ignoreIndex);
    }
    const imageBoxes = boxes.get(name);
    if (imageBoxes) item.boxes = imageBoxes;
    items.push(item);
  }
  if (options.requireLabels && !items.some((item) => item.mask || item.boxes)) {
    throw new DataFolderError(`${folder}: no labeled image (no masks/<name>.png and no boxes.json entries)`);
  }
  return { classes, ignoreIndex, items };
}
