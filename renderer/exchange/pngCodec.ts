// Just enough PNG for class-id masks, over fflate's zlib: decoding palette and grayscale images of
// any bit depth (and RGB(A) whose channels are equal), encoding 8-bit palette images. A browser
// canvas cannot do either: it returns colours, not palette indices, and writes only RGBA.
import { unzlibSync, zlibSync } from 'fflate';

export interface DecodedMaskPng {
  width: number;
  height: number;
  /** One value per pixel: the palette index or the gray level (the high byte of 16-bit samples). */
  values: Uint8Array;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export function isPng(bytes: Uint8Array): boolean {
  return SIGNATURE.every((b, i) => bytes[i] === b);
}

/** Throws an Error saying what is wrong (not a PNG, truncated, unsupported colour type, ...). */
export function decodeMaskPng(bytes: Uint8Array): DecodedMaskPng {
  if (!isPng(bytes)) throw new Error('not a PNG file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8, width = 0, height = 0, depth = 0, colourType = -1, ended = false;
  const data: Uint8Array[] = [];
  while (offset + 8 <= bytes.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...bytes.subarray(offset + 4, offset + 8));
    if (offset + 12 + length > bytes.length) throw new Error(`the PNG ends inside its ${type} chunk (truncated file?)`);
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      depth = body[8];
      colourType = body[9];
      if (body[12] !== 0) throw new Error('interlaced PNG masks are not supported');
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    offset += 12 + length;
  }
  if (!ended) throw new Error('the PNG has no end chunk (truncated file?)');
  if (!width || !height) throw new Error('the PNG has no header');
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colourType as 0 | 2 | 3 | 4 | 6];
  if (!channels) throw new Error(`unknown PNG colour type ${colourType}`);
  const joined = new Uint8Array(data.reduce((sum, d) => sum + d.length, 0));
  data.reduce((at, d) => (joined.set(d, at), at + d.length), 0);
  let raw: Uint8Array;
  try {
    raw = unzlibSync(joined);
  } catch {
    throw new Error('the PNG image data is damaged (truncated file?)');
  }
  const bitsPerPixel = channels * depth, rowBytes = Math.ceil((width * bitsPerPixel) / 8), step = Math.max(1, bitsPerPixel >> 3);
  if (raw.length < height * (rowBytes + 1)) throw new Error('the PNG image data is shorter than its size says (truncated file?)');
  const rows = unfilter(raw, height, rowBytes, step);
  const values = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = y * rowBytes;
    for (let x = 0; x < width; x++) {
      if (depth < 8) {
        const bit = x * depth;
        values[y * width + x] = (rows[row + (bit >> 3)] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        continue;
      }
      const at = row + x * step;
      if (channels >= 3) {
        const sample = depth === 16 ? 2 : 1;
        const r = rows[at], g = rows[at + sample], b = rows[at + 2 * sample];
        if (r !== g || g !== b) throw new Error(`pixel (${x}, ${y}) is a colour, not a class id: save masks as palette or grayscale PNG`);
        values[y * width + x] = r;
      } else values[y * width + x] = rows[at];
    }
  }
  return { width, height, values };
}

function unfilter(raw: Uint8Array, height: number, rowBytes: number, step: number): Uint8Array {
  const out = new Uint8Array(height * rowBytes);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (rowBytes + 1)], source = y * (rowBytes + 1) + 1, target = y * rowBytes, previous = target - rowBytes;
    for (let i = 0; i < rowBytes; i++) {
      const a = i >= step ? out[target + i - step] : 0, b = y ? out[previous + i] : 0, c = y && i >= step ? out[previous + i - step] : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      } else if (filter !== 0) throw new Error(`unknown PNG row filter ${filter}`);
      out[target + i] = (raw[source + i] + predictor) & 0xff;
    }
  }
  return out;
}

/** An 8-bit palette PNG: `values` are palette indices, `palette` [r, g, b] per index (256 entries are written). */
export function encodePalettePng(width: number, height: number, values: Uint8Array, palette: readonly (readonly [number, number, number])[]): Uint8Array {
  const raw = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) raw.set(values.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([8, 3, 0, 0, 0], 8);
  const plte = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) plte.set(palette[i] ?? [0, 0, 0], i * 3);
  const chunks = [chunk('IHDR', header), chunk('PLTE', plte), chunk('IDAT', zlibSync(raw, { level: 6 })), chunk('IEND', new Uint8Array(0))];
  const out = new Uint8Array(8 + chunks.reduce((sum, c) => sum + c.length, 0));
  out.set(SIGNATURE);
  chunks.reduce((at, c) => (out.set(c, at), at + c.length), 8);
  return out;
}

function chunk(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, body.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(body, 8);
  view.setUint32(8 + body.length, crc32(out, 4, 8 + body.length));
  return out;
}
