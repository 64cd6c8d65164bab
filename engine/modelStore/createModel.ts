// A fresh model for an adapt job: the registered backbone, the chosen method initialised to identity,
// and a new decoder for the project's classes.

import type { ClassSpec, MethodName } from '../../contract/jobs';
import { NO_ADAPTED_BLOCK, type Backbone } from '../backbone/backbone';
import { getBackbone, DEFAULT_BACKBONE_ID } from '../backbone/registry';
import { DEFAULT_DECODER_CONFIG, initDecoder } from '../decoder/fpnLiteDecoder';
import { getMethod } from '../peft/registry';
import type { AdaptedModel } from './adaptedModel';

export const DEFAULT_INPUT_SIZE = 384;

export { DEFAULT_METHOD } from '../../contract/jobs';

export interface NewModelOptions {
  method: MethodName;
  classes: ClassSpec[];
  seed: number;
  inputSize?: number;
  backboneId?: string;
  methodConfig?: object;
  /** Where adaptation starts; default the backbone's choice for the method (benchmarks try others). */
  firstAdaptedBlock?: string;
}

/** Where a method starts adapting by default. `head` adapts no block: every backbone feature is computed once per view and cached. */
export function defaultFirstAdaptedBlock(backbone: Pick<Backbone, 'fullFirstAdaptedBlock' | 'defaultFirstAdaptedBlock'>, method: MethodName): string {
  return method === 'full' ? backbone.fullFirstAdaptedBlock : method === 'head' ? NO_ADAPTED_BLOCK : backbone.defaultFirstAdaptedBlock;
}

export async function createModel(options: NewModelOptions): Promise<AdaptedModel> {
  const backbone = await getBackbone(options.backboneId ?? DEFAULT_BACKBONE_ID);
  const method = getMethod(options.method);
  const methodConfig = { ...method.defaultConfig, ...(options.methodConfig ?? {}) };
  const firstAdaptedBlock = options.firstAdaptedBlock ?? defaultFirstAdaptedBlock(backbone, options.method);
  const target = backbone.adaptTarget(firstAdaptedBlock);
  const state = method.init(backbone.frozen, target, methodConfig, options.seed);
  const decoderConfig = DEFAULT_DECODER_CONFIG;
  return {
    backbone,
    method,
    methodConfig,
    firstAdaptedBlock,
    target,
    state,
    decoder: initDecoder(backbone.taps, options.classes.length, decoderConfig, options.seed),
    decoderConfig,
    classes: options.classes,
    inputSize: options.inputSize ?? DEFAULT_INPUT_SIZE,
  };
}
