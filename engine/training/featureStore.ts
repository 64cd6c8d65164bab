// Frozen prefix features of training views, kept across adapt jobs of one engine process, so that adapting
// again (more labels, corrected labels) recomputes only the views of new or changed images. Keyed by what
// the features depend on: backbone, first adapted block, view size, the image's pixels and the view's
// augmentation (seed and index: cacheViews derives each view's augmentation from them alone). Values are
// plain arrays, not tensors, so a job still ends with the tensors it started with; least recently used
// entries go first beyond `maxBytes`.

import { createHash } from 'node:crypto';
import type { RgbImage } from '../data/decodedImage';
import type { TensorDataMap } from '../parallel/sharedTensors';

export class FeatureStore {
  private readonly entries = new Map<string, { features: TensorDataMap; bytes: number }>();
  private used = 0;
  hits = 0;
  misses = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): TensorDataMap | undefined {
    const entry = this.entries.get(key);
    if (!entry) {
      this.misses += 1;
      return undefined;
    }
    this.hits += 1;
    // Re-inserting moves it to the most recently used end.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.features;
  }

  put(key: string, features: TensorDataMap): void {
    const bytes = Object.values(features).reduce((sum, { data }) => sum + data.byteLength, 0);
    if (bytes > this.maxBytes) return;
    const previous = this.entries.get(key);
    if (previous) {
      this.used -= previous.bytes;
      this.entries.delete(key);
    }
    this.entries.set(key, { features, bytes });
    this.used += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= entry.bytes;
    }
  }

  clear(): void {
    this.entries.clear();
    this.used = 0;
  }
}

/** A digest of an image's pixels (and size): the same picture re-imported under another name hits. */
export function imageDigest(image: RgbImage): string {
  return createHash('sha1').update(`${image.width}x${image.height}:`).update(image.data).digest('hex');
}
