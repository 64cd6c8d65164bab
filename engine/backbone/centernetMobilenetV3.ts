// The default backbone: the COCO-trained CenterNet MobileNetV3-Large (width 0.75) encoder shipped in
// @vladmandic/human (MIT). Read from the installed package at run time; nothing is downloaded.

import { engineFiles } from '../files/engineFiles';
import type { Backbone } from './backbone';
import { readGraphModelFile } from './graphModelFile';
import { buildInterpretedBackbone } from './interpretedBackbone';

export const CENTERNET_ID = 'centernet-mobilenetv3';

const stripScope = (name: string) => name.replace(/^tower_0\//, '').replace(/^MobilenetV3\//, '');

/** The package holding the weights, and model.json's path inside it. */
export const CENTERNET_PACKAGE = '@vladmandic/human';
export const CENTERNET_MODEL_JSON = 'models/centernet.json';

/** Reads a file of the package the weights ship in. */
export const readCenternetFile = (file: string) => engineFiles().readPackageFile(CENTERNET_PACKAGE, file);

export async function loadCenternetMobilenetV3(): Promise<Backbone> {
  const inputNode = 'tower_0/images';
  const file = await readGraphModelFile(readCenternetFile, CENTERNET_MODEL_JSON, inputNode);
  return buildInterpretedBackbone(file, {
    id: CENTERNET_ID,
    description: 'CenterNet MobileNetV3-Large 0.75 encoder, COCO detection (@vladmandic/human, MIT)',
    inputNode,
    // 72@4, 192@8, 528@16, 480@32: the expansions before each downsampling, and the last 1x1 conv.
    tapNodes: [
      'tower_0/MobilenetV3/expanded_conv_3/expand/Relu',
      'tower_0/MobilenetV3/expanded_conv_6/expand/hard_swish/mul_1',
      'tower_0/MobilenetV3/expanded_conv_12/expand/hard_swish/mul_1',
      'tower_0/extern1/hard_swish/mul_1',
    ],
    naming: {
      blockOf: (nodeName) => stripScope(nodeName).split('/')[0],
      layerOf: (kernelWeightName) => {
        const parts = stripScope(kernelWeightName).split('/');
        return parts.slice(0, -1).join('/');
      },
    },
    normalisation: { scale: 1, offset: 0 },
    sizeMultiple: 32,
    // Blocks 6..14 and extern1 run at strides 16 and 32, where a step is cheap: adapting them costs
    // little on a CPU while the stride-4 and stride-8 work (most of the FLOPs) is computed once per view.
    defaultFirstAdaptedBlock: 'expanded_conv_6',
    // `full` trains everything after the stride-4 stage (blocks 3..14): the stem and first blocks hold
    // generic edge filters, and training them would need their per-step backward at stride 2-4.
    fullFirstAdaptedBlock: 'expanded_conv_3',
  });
}
