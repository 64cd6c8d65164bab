// CVAT for images 1.1 XML: <image name width height> with <box>, <polygon points="x,y;x,y">
// and <mask rle left top width height> (row-major runs inside the box, background first). Tracks,
// polylines and points are reported as not imported.
import type { ExchangeDocument, ExchangeImage, ExchangeSource } from './exchangeTypes';
import { ExchangeFormatError } from './exchangeTypes';
import { parseXmlFile, xmlChild, xmlChildren, xmlText, type XmlNode } from './xmlInput';

const ARRAYS = ['image', 'box', 'polygon', 'mask', 'polyline', 'points', 'cuboid', 'ellipse', 'skeleton', 'tag', 'label', 'track', 'task'];

export function readCvatXml(fileName: string, text: string): ExchangeDocument {
  const root = xmlChild(parseXmlFile(fileName, text, ARRAYS), 'annotations');
  if (!root) throw new ExchangeFormatError(fileName, 'has no <annotations> element: not a CVAT XML file');
  const fail = (where: string, problem: string): never => {
    throw new ExchangeFormatError(fileName, `${where}: ${problem}`);
  };
  const meta = xmlChild(root, 'meta');
  const labelOwners = [xmlChild(meta, 'project'), xmlChild(meta, 'job'), ...xmlChildren(xmlChild(meta, 'project') ? xmlChild(xmlChild(meta, 'project'), 'tasks') : undefined, 'task'), ...xmlChildren(meta, 'task')];
  const labels: string[] = [];
  for (const owner of labelOwners) for (const label of xmlChildren(xmlChild(owner, 'labels'), 'label')) {
    const name = xmlText(label, 'name');
    if (name !== undefined && !labels.includes(name)) labels.push(name);
  }
  const unsupported: string[] = [];
  const tracks = xmlChildren(root, 'track').length;
  if (tracks) unsupported.push(`${tracks} video track${tracks === 1 ? '' : 's'} (CVAT for video)`);

  const images = xmlChildren(root, 'image').map((node, index): ExchangeImage => {
    const name = xmlText(node, '@name');
    const where = `<image> ${index + 1}${name ? ` (${name})` : ''}`;
    if (!name) fail(where, 'has no name');
    const number = (shape: XmlNode, attribute: string, what: string): number => {
      const value = Number(xmlText(shape, `@${attribute}`));
      if (xmlText(shape, `@${attribute}`) === undefined || !Number.isFinite(value)) fail(`${where}, ${what}`, `${attribute} is not a number`);
      return value;
    };
    const label = (shape: XmlNode, what: string): string => xmlText(shape, '@label') ?? fail(`${where}, ${what}`, 'has no label');
    const source = (shape: XmlNode): ExchangeSource => (xmlText(shape, '@source') === 'auto' ? 'predicted' : 'manual');
    const image: ExchangeImage = { fileName: name!, width: number(node, 'width', 'size'), height: number(node, 'height', 'size'), shapes: [], masks: [] };
    xmlChildren(node, 'box').forEach((box, i) => {
      const what = `box ${i + 1}`;
      const x = number(box, 'xtl', what), y = number(box, 'ytl', what), x1 = number(box, 'xbr', what), y1 = number(box, 'ybr', what);
      const rotation = Number(xmlText(box, '@rotation') ?? 0);
      if (rotation) {
        const points = rotatedBox(x, y, x1, y1, rotation);
        image.shapes.push({ label: label(box, what), geometry: { kind: 'polygon', points }, source: source(box) });
      } else image.shapes.push({ label: label(box, what), geometry: { kind: 'box', x, y, w: x1 - x, h: y1 - y }, source: source(box) });
    });
    xmlChildren(node, 'polygon').forEach((polygon, i) => {
      const what = `polygon ${i + 1}`;
      const points = (xmlText(polygon, '@points') ?? '').split(';').flatMap((pair) => pair.split(',').map(Number));
      if (points.length < 6 || points.length % 2 !== 0 || !points.every(Number.isFinite)) fail(`${where}, ${what}`, 'points should be "x,y;x,y;..." with at least 3 points');
      image.shapes.push({ label: label(polygon, what), geometry: { kind: 'polygon', points }, source: source(polygon) });
    });
    xmlChildren(node, 'mask').forEach((mask, i) => {
      const what = `mask ${i + 1}`;
      const counts = (xmlText(mask, '@rle') ?? '').split(',').map((v) => Number(v.trim()));
      if (!counts.length || !counts.every((c) => Number.isInteger(c) && c >= 0)) fail(`${where}, ${what}`, 'rle should be a list of counts');
      const left = number(mask, 'left', what), top = number(mask, 'top', what), width = number(mask, 'width', what), height = number(mask, 'height', what);
      const total = counts.reduce((sum, c) => sum + c, 0);
      if (total > width * height) fail(`${where}, ${what}`, `rle covers ${total} pixels, more than its ${width}x${height} box`);
      image.masks.push({ label: label(mask, what), source: source(mask), runs: { left, top, width, height, order: 'row', counts } });
    });
    for (const kind of ['polyline', 'points', 'cuboid', 'ellipse', 'skeleton']) {
      const count = xmlChildren(node, kind).length;
      if (count) unsupported.push(`${name}: ${count} ${kind}${count === 1 ? '' : 's'}`);
    }
    return image;
  });
  return { format: 'CVAT for images 1.1', labels, images, unsupported };
}

/** Corners of a box rotated by `degrees` clockwise about its centre (CVAT's rotation). */
function rotatedBox(x0: number, y0: number, x1: number, y1: number, degrees: number): number[] {
  const cx = (x0 + x1) / 2, cy = (y0 + y1) / 2, a = (degrees * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
  return [
    [x0, y0],
    [x1, y0],
    [x1, y1],
    [x0, y1],
  ].flatMap(([x, y]) => [cx + (x - cx) * cos - (y - cy) * sin, cy + (x - cx) * sin + (y - cy) * cos]);
}
