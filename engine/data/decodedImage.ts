// A decoded picture: 8-bit RGB, row-major, no alpha.

export interface RgbImage {
  width: number;
  height: number;
  /** width * height * 3 bytes. */
  data: Uint8Array;
}

/** An image or mask that cannot be used, with the file and the problem in one line. */
export class ImageFileError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = 'ImageFileError';
  }
}
