// The file's first bytes decide what it is; extensions and browser-given MIME types are not trusted.

export type ImageMimeType = 'image/png' | 'image/jpeg' | 'image/webp' | 'image/bmp';

const startsWith = (bytes: Uint8Array, signature: number[], offset = 0): boolean => signature.every((b, i) => bytes[offset + i] === b);

export function sniffImageType(bytes: Uint8Array): ImageMimeType | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'image/webp';
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 26) return 'image/bmp';
  return null;
}

export const SUPPORTED_FORMATS_TEXT = 'PNG, JPEG, WebP or BMP';
