// 8-connected components of one class in a class-index map, by two-pass labelling with union-find.

export interface Component {
  /** Pixel indices (y * width + x). */
  pixels: number[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function connectedComponents(classIndex: Uint8Array, width: number, height: number, classValue: number): Component[] {
  const labels = new Int32Array(width * height);
  const parent: number[] = [0];
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]];
      a = parent[a];
    }
    return a;
  };
  const union = (a: number, b: number) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (classIndex[i] !== classValue) continue;
      let label = 0;
      // Already-visited neighbours: left, up-left, up, up-right.
      const neighbours = [x > 0 ? i - 1 : -1, x > 0 && y > 0 ? i - width - 1 : -1, y > 0 ? i - width : -1, y > 0 && x < width - 1 ? i - width + 1 : -1];
      for (const n of neighbours) {
        if (n < 0 || labels[n] === 0) continue;
        if (label === 0) label = labels[n];
        else union(label, labels[n]);
      }
      if (label === 0) {
        label = parent.length;
        parent.push(label);
      }
      labels[i] = label;
    }
  }
  const byRoot = new Map<number, Component>();
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] === 0) continue;
    const root = find(labels[i]);
    const x = i % width;
    const y = (i - x) / width;
    let component = byRoot.get(root);
    if (!component) {
      component = { pixels: [], minX: x, minY: y, maxX: x, maxY: y };
      byRoot.set(root, component);
    }
    component.pixels.push(i);
    if (x < component.minX) component.minX = x;
    if (x > component.maxX) component.maxX = x;
    if (y > component.maxY) component.maxY = y;
  }
  return [...byRoot.values()];
}
