// `head`: the backbone stays exactly as it is; only the decoder trains (the linear-probe baseline).

import type { PeftMethod } from '../peftMethod';

export const headMethod: PeftMethod<Record<string, never>> = {
  name: 'head',
  description: 'Decoder only; the backbone is frozen (linear-probe baseline).',
  mergeable: true,
  defaultConfig: {},
  init: () => ({ trainable: {}, buffers: {} }),
  effectiveWeights: () => ({}),
  merge: () => ({}),
};
