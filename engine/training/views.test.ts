import { describe, expect, it } from 'vitest';
import { makeView, maxZoomInFor, type LabeledImage } from './views';
import { seededRandom } from './seededRandom';

// A 200x150 image whose centre 20x20 square is class 1, the rest class 0.
function squareImage(): LabeledImage {
  const width = 200, height = 150;
  const labels = new Uint8Array(width * height);
  for (let y = 65; y < 85; y++) for (let x = 90; x < 110; x++) labels[y * width + x] = 1;
  return { name: 'square.png', image: { width, height, data: new Uint8Array(width * height * 3).fill(128) }, labels };
}

const objectPixels = (labels: Uint8Array) => labels.reduce((sum, label) => sum + (label === 1 ? 1 : 0), 0);

describe('training views', () => {
  it('zoom in only for multi-class models', () => {
    expect(maxZoomInFor(2)).toBe(1);
    expect(maxZoomInFor(3)).toBe(2);
    expect(maxZoomInFor(11)).toBe(2);
  });

  it('zoomed-in augmented views show objects larger, up to the factor; the plain view is unchanged', () => {
    const item = squareImage();
    const mean = (maxZoomIn: number) => {
      let area = 0, seen = 0;
      for (let seed = 0; seed < 60; seed++) {
        const pixels = objectPixels(makeView(item, { size: 128, augment: true, maxZoomIn }, seededRandom(seed)).labels);
        if (pixels > 0) {
          area += pixels;
          seen++;
        }
      }
      return area / seen;
    };
    const plain = mean(1);
    const zoomed = mean(2);
    // Area grows with the square of the zoom: E[z^2] for log-uniform z in [1, 2] is 1.5/ln 2 = 2.16.
    expect(zoomed / plain).toBeGreaterThan(1.6);
    expect(zoomed / plain).toBeLessThan(3);
    const unaugmented = (maxZoomIn: number) => makeView(item, { size: 128, augment: false, maxZoomIn }, seededRandom(1)).labels;
    expect(unaugmented(2)).toEqual(unaugmented(1));
  });
});
