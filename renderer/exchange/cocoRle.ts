// COCO run-length encoding (pycocotools maskApi.c): counts over the image in column-major order,
// starting with a run of zeros. The compressed form is a string: each count (from the third on, as
// the difference to the count two before) in 5-bit groups, low first, 0x20 = more groups follow,
// 0x10 of the last group = sign, each group + 48 as a character.

/** The compressed string of pycocotools' rleToString. */
export function encodeRleCounts(counts: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      // Arithmetic, not bit operators: differences need not fit 32 bits' sign rules.
      let c = x - Math.floor(x / 32) * 32;
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      out += String.fromCharCode(c + 48);
    }
  }
  return out;
}

/** pycocotools' rleFrString; throws on a character outside the alphabet or a string cut mid-count. */
export function decodeRleCounts(text: string): number[] {
  const counts: number[] = [];
  let p = 0;
  while (p < text.length) {
    let x = 0, more = true, scale = 1;
    while (more) {
      if (p >= text.length) throw new Error('the RLE string ends in the middle of a count');
      const c = text.charCodeAt(p) - 48;
      if (c < 0 || c > 63) throw new Error(`the RLE string has an invalid character at offset ${p}`);
      x += (c & 0x1f) * scale;
      scale *= 32;
      more = (c & 0x20) !== 0;
      p++;
      if (!more && c & 0x10) x -= scale;
    }
    if (counts.length > 2) x += counts[counts.length - 2];
    counts.push(x);
  }
  return counts;
}

/** Column-major counts of a row-major binary mask (any non-zero is set). */
export function maskToColumnCounts(mask: Uint8Array, width: number, height: number): number[] {
  const counts: number[] = [];
  let current = 0, run = 0;
  for (let x = 0; x < width; x++) {
    for (let i = x, y = 0; y < height; y++, i += width) {
      const v = mask[i] ? 1 : 0;
      if (v === current) run++;
      else {
        counts.push(run);
        current = v;
        run = 1;
      }
    }
  }
  counts.push(run);
  return counts;
}
