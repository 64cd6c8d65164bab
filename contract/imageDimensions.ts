// The width and height an encoded image declares in its header, read without decoding it, so that a small
// file announcing a huge picture (a decompression bomb) is refused before any pixel buffer is allocated.
// Shared by the engine (Node) and the renderer's import.

/** Largest picture accepted anywhere: 50 megapixels, about 200 MB as RGBA, e.g. 8660 x 5773. */
export const MAX_IMAGE_PIXELS = 50_000_000;

export interface DeclaredSize {
  width: number;
  height: number;
}

const be16 = (b: Uint8Array, i: number) => (b[i] << 8) | b[i + 1];
const be32 = (b: Uint8Array, i: number) => ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
const le16 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8);
const le24 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16);
const le32 = (b: Uint8Array, i: number) => b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function pngSize(b: Uint8Array): DeclaredSize | null {
  if (b.length < 24 || ascii(b, 12, 4) !== 'IHDR') return null;
  return { width: be32(b, 16), height: be32(b, 20) };
}

// Start-of-frame markers carry the size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic tables) do not.
const SOF_MARKERS = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function jpegSize(b: Uint8Array): DeclaredSize | null {
  let i = 2;
  while (i + 9 <= b.length) {
    if (b[i] !== 0xff) return null;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i += 1;
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      i += 2;
      continue;
    }
    if (SOF_MARKERS.has(marker)) return { width: be16(b, i + 7), height: be16(b, i + 5) };
    if (marker === 0xd9 || marker === 0xda) return null;
    i += 2 + be16(b, i + 2);
  }
  return null;
}

function webpSize(b: Uint8Array): DeclaredSize | null {
  if (b.length < 30) return null;
  const chunk = ascii(b, 12, 4);
  if (chunk === 'VP8X') return { width: 1 + le24(b, 24), height: 1 + le24(b, 27) };
  if (chunk === 'VP8L' && b[20] === 0x2f) {
    return { width: 1 + (((b[22] & 0x3f) << 8) | b[21]), height: 1 + (((b[24] & 0x0f) << 10) | (b[23] << 2) | ((b[22] & 0xc0) >> 6)) };
  }
  if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) return { width: le16(b, 26) & 0x3fff, height: le16(b, 28) & 0x3fff };
  return null;
}

function bmpSize(b: Uint8Array): DeclaredSize | null {
  if (b.length < 26) return null;
  const headerSize = le32(b, 14);
  if (headerSize === 12) return { width: le16(b, 18), height: le16(b, 20) };
  return { width: Math.abs(le32(b, 18)), height: Math.abs(le32(b, 22)) };
}

/** The declared size of a PNG, JPEG, WebP or BMP file, or null when its header does not say (truncated, unknown). */
export function declaredImageSize(bytes: Uint8Array): DeclaredSize | null {
  if (bytes.length >= 8 && bytes[0] === 0x89 && ascii(bytes, 1, 3) === 'PNG') return pngSize(bytes);
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return jpegSize(bytes);
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WEBP') return webpSize(bytes);
  if (bytes.length >= 2 && bytes[0] === 0x42 && bytes[1] === 0x4d) return bmpSize(bytes);
  return null;
}

/** Why an image of this declared size is refused, or null when it is within MAX_IMAGE_PIXELS. */
export function oversizeReason(size: DeclaredSize | null): string | null {
  if (!size || size.width * size.height <= MAX_IMAGE_PIXELS) return null;
  return `declares ${size.width}x${size.height} pixels, more than the limit of ${MAX_IMAGE_PIXELS.toLocaleString('en-US')} (MAX_IMAGE_PIXELS); scale it down first`;
}
