// Label Studio JSON export (a list of tasks, each with annotations[].result[]): rectangles and
// polygons in percent of original_width / original_height, brushes as Label Studio's RLE
// (@thi.ng/rle-pack over the RGBA bitmap; the alpha channel is the mask).
import type { ExchangeDocument, ExchangeImage } from './exchangeTypes';
import { JsonReader } from './jsonInput';
import { valueRowRuns } from './maskRuns';

export function looksLikeLabelStudio(value: unknown): boolean {
  const tasks = Array.isArray(value) ? value : [value];
  return tasks.length > 0 && tasks.every((t) => typeof t === 'object' && t !== null && 'data' in t && ('annotations' in t || 'completions' in t));
}

/** The file name Label Studio stored an upload under, less its "1a2b3c4d-" prefix. */
export function labelStudioFileName(url: string): string {
  const base = decodeURIComponent(url.split('?')[0].split('/').pop() ?? url);
  return base.replace(/^[0-9a-f]{8}-/, '');
}

export function readLabelStudio(fileName: string, parsed: unknown): ExchangeDocument {
  const json: JsonReader = new JsonReader(fileName);
  const tasks = Array.isArray(parsed) ? parsed : [parsed];
  const labels: string[] = [];
  const unsupported: string[] = [];
  const images = tasks.map((raw, t): ExchangeImage => {
    const task = json.object(raw, `[${t}]`);
    const data = json.object(task.data, `[${t}].data`);
    // The uploaded file's own name when Label Studio kept it, else the image URL's last part.
    const url = typeof task.file_upload === 'string' ? task.file_upload : typeof data.image === 'string' ? data.image : Object.values(data).find((v): v is string => typeof v === 'string');
    if (!url) json.fail(`[${t}].data`, 'names no image');
    const image: ExchangeImage = { fileName: labelStudioFileName(url), width: null, height: null, shapes: [], masks: [] };
    const key = Array.isArray(task.annotations) ? 'annotations' : 'completions';
    const annotations = json.array(task[key], `[${t}].${key}`).filter((a) => !(a as Record<string, unknown>)?.was_cancelled);
    // The latest annotation of the task is the one that counts.
    const a = annotations.length - 1;
    if (a < 0) return image;
    const annotation = json.object(annotations[a], `[${t}].${key}[${a}]`);
    json.array(annotation.result, `[${t}].${key}[${a}].result`).forEach((rawResult, r) => {
      const path = `[${t}].${key}[${a}].result[${r}]`;
      const result = json.object(rawResult, path);
      const value = json.object(result.value, `${path}.value`);
      const type = String(result.type);
      const names = (value[type] ?? value.labels) as unknown;
      if (!['rectanglelabels', 'polygonlabels', 'brushlabels'].includes(type)) {
        unsupported.push(`${image.fileName}: a "${type}" result`);
        return;
      }
      const label = json.string(json.array(names, `${path}.value.${type}`)[0], `${path}.value.${type}[0]`);
      if (!labels.includes(label)) labels.push(label);
      const width = json.integer(result.original_width, `${path}.original_width`, 1), height = json.integer(result.original_height, `${path}.original_height`, 1);
      image.width = width;
      image.height = height;
      const source = result.origin === 'prediction' ? ('predicted' as const) : ('manual' as const);
      if (type === 'rectanglelabels') {
        const x = (json.number(value.x, `${path}.value.x`) * width) / 100, y = (json.number(value.y, `${path}.value.y`) * height) / 100;
        const w = (json.number(value.width, `${path}.value.width`) * width) / 100, h = (json.number(value.height, `${path}.value.height`) * height) / 100;
        const rotation = typeof value.rotation === 'number' ? value.rotation : 0;
        if (!rotation) image.shapes.push({ label, geometry: { kind: 'box', x, y, w, h }, source });
        else {
          // Label Studio rotates about the top-left corner.
          const a = (rotation * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
          const points = [[0, 0], [w, 0], [w, h], [0, h]].flatMap(([dx, dy]) => [x + dx * cos - dy * sin, y + dx * sin + dy * cos]);
          image.shapes.push({ label, geometry: { kind: 'polygon', points }, source });
        }
      } else if (type === 'polygonlabels') {
        const points = json.array(value.points, `${path}.value.points`).flatMap((p, i) => {
          const pair = json.array(p, `${path}.value.points[${i}]`);
          return [(json.number(pair[0], `${path}.value.points[${i}][0]`) * width) / 100, (json.number(pair[1], `${path}.value.points[${i}][1]`) * height) / 100];
        });
        if (points.length < 6) json.fail(`${path}.value.points`, 'should hold at least 3 points');
        image.shapes.push({ label, geometry: { kind: 'polygon', points }, source });
      } else {
        const rle = json.array(value.rle, `${path}.value.rle`);
        let rgba: Uint8Array;
        try {
          rgba = decodeRlePack(Uint8Array.from(rle as number[]));
        } catch (error) {
          json.fail(`${path}.value.rle`, `is not Label Studio RLE: ${error instanceof Error ? error.message : String(error)}`);
        }
        if (rgba.length !== width * height * 4) json.fail(`${path}.value.rle`, `decodes to ${rgba.length} bytes, not the ${width}x${height}x4 of the image`);
        const alpha = new Uint8Array(width * height);
        for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3] ? 1 : 0;
        image.masks.push({ label, source, runs: { left: 0, top: 0, width, height, order: 'row', counts: valueRowRuns(alpha, 1) } });
      }
    });
    return image;
  });
  return { format: 'Label Studio JSON', labels, images, unsupported };
}

/** @thi.ng/rle-pack decode: bits most significant first; 32-bit count, 5-bit word size - 1, four 4-bit run-length sizes - 1. */
export function decodeRlePack(bytes: Uint8Array): Uint8Array {
  let bit = 0;
  const read = (size: number): number => {
    let value = 0;
    for (let i = 0; i < size; i++, bit++) {
      if (bit >> 3 >= bytes.length) throw new Error('the data ends early');
      value = value * 2 + ((bytes[bit >> 3] >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  const count = read(32), wordSize = read(5) + 1;
  const sizes = [read(4) + 1, read(4) + 1, read(4) + 1, read(4) + 1];
  if (count > 1 << 30) throw new Error(`it declares ${count} values`);
  const out = new Uint8Array(count);
  for (let i = 0; i < count; ) {
    const repeat = read(1);
    const end = Math.min(count, i + 1 + read(sizes[read(2)]));
    if (repeat) {
      out.fill(read(wordSize), i, end);
      i = end;
    } else for (; i < end; i++) out[i] = read(wordSize);
  }
  return out;
}
