// Draws assets/icon.png (1024 px): a labeled region (filled polygon with vertex handles) on a dark tile.
// Run once when the icon changes: node scripts/make-icon.mjs
import { writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const size = 1024;
const png = new PNG({ width: size, height: size });
const polygon = [[250, 700], [330, 320], [560, 230], [790, 400], [760, 720], [500, 800]];
const inside = (x, y) => {
  let hit = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
};
const radius = 180;
const inTile = (x, y) => {
  const cx = Math.min(Math.max(x, radius + 40), size - radius - 40);
  const cy = Math.min(Math.max(y, radius + 40), size - radius - 40);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
};
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const i = (y * size + x) * 4;
    let rgba = [0, 0, 0, 0];
    if (inTile(x, y)) {
      const shade = 30 + Math.round((y / size) * 20);
      rgba = [shade, shade + 2, shade + 8, 255];
      if (inside(x, y)) rgba = [76, 141, 255, 255];
      for (const [vx, vy] of polygon) {
        const d = Math.hypot(x - vx, y - vy);
        if (d <= 34) rgba = d <= 22 ? [255, 255, 255, 255] : [76, 141, 255, 255];
      }
    }
    png.data.set(rgba, i);
  }
}
writeFileSync(new URL('../assets/icon.png', import.meta.url), PNG.sync.write(png));
console.log('wrote assets/icon.png');
