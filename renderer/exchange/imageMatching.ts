// Annotation files name images their own way ('images/a.JPG', '/data/upload/1/a.jpg', 'a.jpg'):
// a file's image is the project image with the same path, else the same file name, else the same
// base name without extension, each compared case-insensitively.

export const baseName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

export const stem = (path: string): string => {
  const base = baseName(path);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
};

export interface NamedImage {
  id: string;
  name: string;
}

export class ImageMatcher<T extends NamedImage> {
  private readonly byPath = new Map<string, T[]>();
  private readonly byBase = new Map<string, T[]>();
  private readonly byStem = new Map<string, T[]>();

  constructor(images: readonly T[]) {
    const add = (map: Map<string, T[]>, key: string, image: T) => map.set(key, [...(map.get(key) ?? []), image]);
    for (const image of images) {
      add(this.byPath, image.name.toLowerCase().replace(/\\/g, '/'), image);
      add(this.byBase, baseName(image.name).toLowerCase(), image);
      add(this.byStem, stem(image.name).toLowerCase(), image);
    }
  }

  /** The image a file name means, or why there is none ('not in the project' or 'matches several images'). */
  match(fileName: string): T | 'missing' | 'ambiguous' {
    const path = fileName.toLowerCase().replace(/\\/g, '/').replace(/^\.?\//, '');
    for (const [map, key] of [
      [this.byPath, path],
      [this.byBase, baseName(path)],
      [this.byStem, stem(path)],
    ] as const) {
      const found = map.get(key);
      if (found?.length === 1) return found[0];
      if (found && found.length > 1) {
        // Several images share the name; a folder path in the file may still tell them apart.
        const bySuffix = found.filter((image) => path.endsWith(image.name.toLowerCase()) || image.name.toLowerCase().endsWith(path));
        return bySuffix.length === 1 ? bySuffix[0] : 'ambiguous';
      }
    }
    return 'missing';
  }
}
