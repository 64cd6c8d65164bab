// A 24-bit, bottom-up, uncompressed BMP as Windows Paint writes it, for tests of image import.

export function bmp24(width: number, height: number, pixel: (x: number, y: number) => [number, number, number]): Uint8Array {
  const rowBytes = Math.ceil((width * 3) / 4) * 4;
  const bytes = new Uint8Array(54 + rowBytes * height);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42;
  bytes[1] = 0x4d;
  view.setUint32(2, bytes.length, true);
  view.setUint32(10, 54, true);
  view.setUint32(14, 40, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true); // bottom-up rows
  view.setUint16(26, 1, true);
  view.setUint16(28, 24, true);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [r, g, b] = pixel(x, y);
      const offset = 54 + (height - 1 - y) * rowBytes + x * 3;
      bytes[offset] = b;
      bytes[offset + 1] = g;
      bytes[offset + 2] = r;
    }
  }
  return bytes;
}
