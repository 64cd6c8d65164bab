// How many proposals a model version makes per image, how many of them are mostly right, and how much
// of the correctly predicted area is lost, for several smallest-component sizes (in output-grid cells).
// Not part of `npm test`.
//
//   npx tsx bench/proposals/main.ts --model MODEL_DIR [--data ../shared/data/camvid_dev] [--every 5]

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../engine/backend/selectBackend';
import { decodeImage } from '../../engine/data/decodeImage';
import { decodeMask } from '../../engine/data/decodeMask';
import { loadModelFolder } from '../../engine/modelStore/modelFolder';
import { connectedComponents } from '../../engine/predict/connectedComponents';
import { segmentImage } from '../../engine/predict/segmentImage';

const { values } = parseArgs({ options: { model: { type: 'string' }, data: { type: 'string', default: '../shared/data/camvid_dev' }, every: { type: 'string', default: '5' } } });
if (!values.model) throw new Error('--model MODEL_DIR is required');
await selectBackend();
const { model } = await loadModelFolder(values.model);
const data = values.data!;
const query: string[] = JSON.parse(readFileSync(path.join(data, 'splits.json'), 'utf8')).query;
const ids = query.filter((_, i) => i % Number(values.every) === 0);
const cellCounts = [0, 1, 2, 4, 8, 16];
const kept = cellCounts.map(() => 0);
const mostlyRight = cellCounts.map(() => 0);
const lostRightPixels = cellCounts.map(() => 0);
let rightPixels = 0;
let cellSize = 0;
for (const id of ids) {
  const image = decodeImage(readFileSync(path.join(data, 'images', `${id}.png`)), id);
  const truth = decodeMask(readFileSync(path.join(data, 'masks', `${id}.png`)), `${id}.png`);
  const segmentation = await segmentImage(model, image);
  cellSize = segmentation.cellSize;
  model.classes.forEach((spec, index) => {
    for (const component of connectedComponents(segmentation.classIndex, segmentation.width, segmentation.height, index)) {
      let right = 0;
      for (const pixel of component.pixels) if (truth.data[pixel] === spec.id) right++;
      rightPixels += right;
      cellCounts.forEach((cells, k) => {
        if (component.pixels.length >= cells * cellSize ** 2) {
          kept[k]++;
          if (right * 2 >= component.pixels.length) mostlyRight[k]++;
        } else lostRightPixels[k] += right;
      });
    }
  });
}
console.log(`${ids.length} query images of ${data}, output cells of ${cellSize.toFixed(2)} px\n`);
console.log('| smallest component | proposals per image | mostly right | correct pixels lost |');
console.log('| --- | --- | --- | --- |');
cellCounts.forEach((cells, k) =>
  console.log(`| ${cells} cells (${Math.round(cells * cellSize ** 2)} px) | ${(kept[k] / ids.length).toFixed(1)} | ${((100 * mostlyRight[k]) / Math.max(1, kept[k])).toFixed(0)}% | ${((100 * lostRightPixels[k]) / rightPixels).toFixed(2)}% |`),
);
