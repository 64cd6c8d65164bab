// Trainable-parameter count of a method on a target, from shapes alone (no SVD, no tensors), for the UI.
// The test matrix checks each count against the tensors `init` actually creates.

import type { MethodName } from '../../contract/jobs';
import type { AdaptTarget } from './peftMethod';
import { countBitfitTrainable, type BitfitConfig } from './bitfit/bitfitMethod';
import { countConvAdapterTrainable, type ConvAdapterConfig } from './conv-adapter/convAdapterMethod';
import { countFullTrainable, type FullConfig } from './full/fullMethod';
import { countLoraTrainable, type LoraConfig } from './lora/loraMethod';
import { countSsfTrainable, type SsfConfig } from './ssf/ssfMethod';
import { countSvfTrainable, type SvfConfig } from './svf/svfMethod';
import { getMethod } from './registry';

/** Backbone-side trainable scalars of `method` (the decoder, which always trains, is not included). */
export function countTrainable(method: MethodName, target: AdaptTarget, config?: object): number {
  const merged = { ...getMethod(method).defaultConfig, ...(config ?? {}) };
  switch (method) {
    case 'svf': return countSvfTrainable(target, merged as SvfConfig);
    case 'ssf': return countSsfTrainable(target, merged as SsfConfig);
    case 'lora': return countLoraTrainable(target, merged as LoraConfig);
    case 'conv-adapter': return countConvAdapterTrainable(target, merged as ConvAdapterConfig);
    case 'bitfit': return countBitfitTrainable(target, merged as BitfitConfig);
    case 'full': return countFullTrainable(target, merged as FullConfig);
    case 'head': return 0;
  }
}
