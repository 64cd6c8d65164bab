// A checksum of a backbone's frozen weights: an adapter's trained tensors only mean something on the exact
// weights they were trained against, and the backbone id alone does not change when a package update
// changes the weights behind it.

import { createHash } from 'node:crypto';
import type { Backbone } from '../backbone/backbone';

const cache = new WeakMap<Backbone, string>();

/** `sha256:<hex>` over every frozen tensor (name, shape, float32 values) in name order. */
export function backboneChecksum(backbone: Backbone): string {
  const known = cache.get(backbone);
  if (known) return known;
  const hash = createHash('sha256');
  for (const name of Object.keys(backbone.frozen).sort()) {
    const tensor = backbone.frozen[name];
    hash.update(`${name}:${tensor.shape.join('x')}:${tensor.dtype};`);
    const values = tensor.dataSync();
    hash.update(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }
  const checksum = `sha256:${hash.digest('hex')}`;
  cache.set(backbone, checksum);
  return checksum;
}
