// Trainable-parameter counts of every method on the default backbone, for the Adapt panel to show before
// anything is trained: the method's backbone-side count from shapes alone, plus the decoder's, which is
// linear in the number of classes.

import * as tf from '@tensorflow/tfjs-core';
import { METHOD_NAMES } from '../../contract/jobs';
import type { TrainableCounts } from '../../contract/trainableCounts';
import { DEFAULT_BACKBONE_ID, getBackbone } from '../backbone/registry';
import { DEFAULT_DECODER_CONFIG, initDecoder } from '../decoder/fpnLiteDecoder';
import { countParams } from '../model/params';
import { countTrainable } from '../peft/countTrainable';
import { defaultFirstAdaptedBlock } from './createModel';

export async function trainableCounts(backboneId = DEFAULT_BACKBONE_ID): Promise<TrainableCounts> {
  const backbone = await getBackbone(backboneId);
  const decoderSize = (classes: number) => {
    const decoder = initDecoder(backbone.taps, classes, DEFAULT_DECODER_CONFIG, 0);
    const size = countParams(decoder);
    tf.dispose(Object.values(decoder));
    return size;
  };
  const two = decoderSize(2);
  const decoderPerClass = decoderSize(3) - two;
  const backboneCounts = Object.fromEntries(METHOD_NAMES.map((method) => [method, countTrainable(method, backbone.adaptTarget(defaultFirstAdaptedBlock(backbone, method)))]));
  return { backbone: backboneCounts, decoderFixed: two - 2 * decoderPerClass, decoderPerClass };
}
