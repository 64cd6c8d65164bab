export interface DecodedImage {
  /** Size after EXIF orientation. */
  width: number;
  height: number;
  thumbnail: Blob;
}

export interface ImageDecoder {
  /** Rejects when the bytes are not a decodable image. */
  decode(blob: Blob): Promise<DecodedImage>;
}

export const THUMBNAIL_SIZE = 96;
