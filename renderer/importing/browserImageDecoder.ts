import { THUMBNAIL_SIZE, type DecodedImage, type ImageDecoder } from './imageDecoder';

/** Decodes with the browser: createImageBitmap honours EXIF orientation with imageOrientation 'from-image'. */
export const browserImageDecoder: ImageDecoder = {
  async decode(blob: Blob): Promise<DecodedImage> {
    const bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image' });
    try {
      const { width, height } = bitmap;
      const scale = Math.min(1, THUMBNAIL_SIZE / Math.max(width, height));
      const canvas = new OffscreenCanvas(Math.max(1, Math.round(width * scale)), Math.max(1, Math.round(height * scale)));
      const context = canvas.getContext('2d');
      if (!context) throw new Error('no 2D canvas for the thumbnail');
      context.imageSmoothingQuality = 'high';
      context.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      const thumbnail = await canvas.convertToBlob({ type: 'image/webp', quality: 0.8 });
      return { width, height, thumbnail };
    } finally {
      bitmap.close();
    }
  },
};

/** Full-resolution bitmap for the canvas. */
export function decodeForCanvas(blob: Blob): Promise<ImageBitmap> {
  return createImageBitmap(blob, { imageOrientation: 'from-image' });
}
