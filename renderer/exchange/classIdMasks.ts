// Class-id PNG masks (pixel = class id, 0 = background, 255 = not labeled), as SegAdapt's data
// folder, VOC SegmentationClass and most semantic-segmentation tools write them, with classes.json
// ({"classes": [{"id", "name", "color"}], "ignore_index"}) or a VOC class_names.txt naming the ids.
import type { Shape } from '../editor/document';
import { trainingLabels } from '../training/trainingLabels';
import type { ExchangeImage, ExportClass, ExportImage } from './exchangeTypes';
import { ExchangeFormatError } from './exchangeTypes';
import { JsonReader, parseJsonFile } from './jsonInput';
import { valueRowRuns } from './maskRuns';
import { decodeMaskPng, encodePalettePng } from './pngCodec';

export const IGNORE_INDEX = 255;

export interface ClassNames {
  names: Map<number, string>;
  ignoreIndex: number;
}

export function readClassesJson(fileName: string, text: string): ClassNames {
  const json: JsonReader = new JsonReader(fileName);
  const root = json.object(parseJsonFile(fileName, text), '$');
  const ignoreIndex = root.ignore_index === undefined ? IGNORE_INDEX : json.integer(root.ignore_index, 'ignore_index');
  const names = new Map<number, string>();
  json.array(root.classes, 'classes').forEach((raw, i) => {
    const entry = json.object(raw, `classes[${i}]`);
    names.set(json.integer(entry.id, `classes[${i}].id`), json.string(entry.name, `classes[${i}].name`));
  });
  return { names, ignoreIndex };
}

/** labelme / VOC class_names.txt: one name per line, line n = class id n (after an optional "__ignore__" line). */
export function readClassNamesTxt(text: string): ClassNames {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l);
  const offset = lines[0] === '__ignore__' ? 1 : 0;
  return { names: new Map(lines.slice(offset).map((name, id) => [id, name])), ignoreIndex: IGNORE_INDEX };
}

const BACKGROUND_NAMES = ['background', '_background_', '__background__'];

/** One class-id PNG as an image's masks: one mask per class id in it; any 0 pixel marks the image fully labeled. */
export function readClassIdPng(fileName: string, imageFileName: string, bytes: Uint8Array, classes: ClassNames | null): ExchangeImage {
  let decoded;
  try {
    decoded = decodeMaskPng(bytes);
  } catch (error) {
    throw new ExchangeFormatError(fileName, error instanceof Error ? error.message : String(error));
  }
  const { width, height, values } = decoded;
  const ignore = classes?.ignoreIndex ?? IGNORE_INDEX;
  const present = new Set<number>();
  for (let i = 0; i < values.length; i++) present.add(values[i]);
  const image: ExchangeImage = { fileName: imageFileName, width, height, shapes: [], masks: [], fullyLabeled: present.has(0) };
  for (const value of [...present].sort((a, b) => a - b)) {
    if (value === 0 || value === ignore) continue;
    const name = classes?.names.get(value);
    if (classes && name === undefined) throw new ExchangeFormatError(fileName, `holds class id ${value}, which the class list does not name`);
    if (name !== undefined && BACKGROUND_NAMES.includes(name.toLowerCase())) continue;
    image.masks.push({ label: name ?? `class ${value}`, source: 'manual', runs: { left: 0, top: 0, width, height, order: 'row', counts: valueRowRuns(values, value) } });
  }
  return image;
}

const hexColour = (colour: string): [number, number, number] => {
  const match = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})/i.exec(colour);
  return match ? [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)] : [128, 128, 128];
};

/** Palette of a project's masks: background black, each class its colour, 255 (not labeled) white. */
export function maskPalette(classes: readonly ExportClass[]): [number, number, number][] {
  const palette: [number, number, number][] = Array.from({ length: 256 }, () => [0, 0, 0]);
  for (const c of classes) palette[c.classId] = hexColour(c.color);
  palette[IGNORE_INDEX] = [255, 255, 255];
  return palette;
}

/** The image's labels as a class-id mask (as training sees them), or null when it has no pixel labels. */
export function classIdMask(image: ExportImage, classes: readonly ExportClass[]): Uint8Array | null {
  const shapes: Shape[] = image.shapes.map((s, i) => ({ id: String(i), classId: s.classId, geometry: s.geometry }));
  const { mask } = trainingLabels({ width: image.width, height: image.height, shapes, tiles: image.tiles, fullyLabeled: image.fullyLabeled, classOrder: classes.map((c) => c.classId) });
  return mask ? mask.data : null;
}

export function classIdPng(mask: Uint8Array, width: number, height: number, classes: readonly ExportClass[]): Uint8Array {
  return encodePalettePng(width, height, mask, maskPalette(classes));
}

/** classes.json of the CLI's data folder: background (0) and the project's classes. */
export function classesJson(classes: readonly ExportClass[]): string {
  return JSON.stringify({ classes: [{ id: 0, name: 'background', color: '#000000' }, ...classes.map((c) => ({ id: c.classId, name: c.name, color: c.color }))], ignore_index: IGNORE_INDEX }, null, 2);
}
