// COCO instances JSON: polygons, RLE (compressed string or uncompressed counts) and box-only
// annotations ("segmentation": []), as written by CVAT, labelme2coco, Datumaro and SegAdapt.
import { decodeRleCounts } from './cocoRle';
import type { ExchangeDocument, ExchangeImage, ExchangeSource } from './exchangeTypes';
import { JsonReader } from './jsonInput';

const SOURCES: readonly string[] = ['manual', 'predicted', 'proposal'];

/** `parsed`: the file's JSON (jsonInput.parseJsonFile). */
export function readCoco(fileName: string, parsed: unknown): ExchangeDocument {
  const json: JsonReader = new JsonReader(fileName);
  const root = json.object(parsed, '$');
  const categories = new Map<number, string>();
  json.array(root.categories, 'categories').forEach((raw, i) => {
    const category = json.object(raw, `categories[${i}]`);
    categories.set(json.number(category.id, `categories[${i}].id`), json.string(category.name, `categories[${i}].name`));
  });
  const images = new Map<number, ExchangeImage>();
  json.array(root.images, 'images').forEach((raw, i) => {
    const image = json.object(raw, `images[${i}]`);
    const id = json.number(image.id, `images[${i}].id`);
    if (images.has(id)) json.fail(`images[${i}].id`, `repeats image id ${id}`);
    images.set(id, {
      fileName: json.string(image.file_name, `images[${i}].file_name`),
      width: json.integer(image.width, `images[${i}].width`, 1),
      height: json.integer(image.height, `images[${i}].height`, 1),
      shapes: [],
      masks: [],
    });
  });
  json.array(root.annotations ?? [], 'annotations').forEach((raw, i) => {
    const path = `annotations[${i}]`;
    const annotation = json.object(raw, path);
    const image = images.get(json.number(annotation.image_id, `${path}.image_id`));
    if (!image) json.fail(`${path}.image_id`, `names image ${String(annotation.image_id)}, which is not in "images"`);
    const label = categories.get(json.number(annotation.category_id, `${path}.category_id`));
    if (label === undefined) json.fail(`${path}.category_id`, `names category ${String(annotation.category_id)}, which is not in "categories"`);
    const attributes = typeof annotation.attributes === 'object' && annotation.attributes !== null ? (annotation.attributes as Record<string, unknown>) : {};
    const source: ExchangeSource = SOURCES.includes(attributes.source as string) ? (attributes.source as ExchangeSource) : 'manual';
    const score = typeof annotation.score === 'number' && Number.isFinite(annotation.score) ? { score: annotation.score } : {};
    const segmentation = annotation.segmentation;
    if (Array.isArray(segmentation) && segmentation.length) {
      segmentation.forEach((part, p) => image.shapes.push({ label, geometry: { kind: 'polygon', points: json.points(part, `${path}.segmentation[${p}]`) }, source, ...score }));
    } else if (segmentation !== undefined && !Array.isArray(segmentation)) {
      const rle = json.object(segmentation, `${path}.segmentation`);
      const size = json.array(rle.size, `${path}.segmentation.size`);
      const height = json.integer(size[0], `${path}.segmentation.size[0]`, 1), width = json.integer(size[1], `${path}.segmentation.size[1]`, 1);
      if (height !== image.height || width !== image.width) json.fail(`${path}.segmentation.size`, `is ${height}x${width} (height x width) but its image is ${image.height}x${image.width}`);
      let counts: number[];
      if (typeof rle.counts === 'string') {
        try {
          counts = decodeRleCounts(rle.counts);
        } catch (error) {
          json.fail(`${path}.segmentation.counts`, `is not COCO RLE: ${error instanceof Error ? error.message : String(error)}`);
        }
      } else {
        counts = json.array(rle.counts, `${path}.segmentation.counts`) as number[];
        counts.forEach((c, k) => json.integer(c, `${path}.segmentation.counts[${k}]`));
      }
      const total = counts.reduce((sum, c) => sum + c, 0);
      if (total > width * height) json.fail(`${path}.segmentation.counts`, `covers ${total} pixels, more than the ${width}x${height} image`);
      image.masks.push({ label, source, runs: { left: 0, top: 0, width, height, order: 'column', counts } });
    } else {
      const bbox = json.array(annotation.bbox, `${path}.bbox`);
      if (bbox.length !== 4) json.fail(`${path}.bbox`, 'should be [x, y, width, height]');
      const [x, y, w, h] = bbox.map((v, k) => json.number(v, `${path}.bbox[${k}]`));
      image.shapes.push({ label, geometry: { kind: 'box', x, y, w, h }, source, ...score });
    }
  });
  return { format: 'COCO', labels: [...categories.values()], images: [...images.values()], unsupported: [] };
}

/** Whether parsed JSON looks like COCO (images + annotations + categories). */
export function looksLikeCoco(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as Record<string, unknown>).images) && Array.isArray((value as Record<string, unknown>).categories);
}
