// The default backbone: the COCO-trained CenterNet MobileNetV3-Large (width 0.75) encoder shipped in
// @vladmandic/human (MIT). Read from node_modules at run time; nothing is downloaded.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Backbone } from './backbone';
import { readGraphModelFile } from './graphModelFile';
import { buildInterpretedBackbone } from './interpretedBackbone';

export const CENTERNET_ID = 'centernet-mobilenetv3';

const stripScope = (name: string) => name.replace(/^tower_0\//, '').replace(/^MobilenetV3\//, '');

/** models/centernet.json inside the installed @vladmandic/human (its exports map hides the folder from require.resolve). */
export function centernetModelPath(): string {
  const require = createRequire(import.meta.url);
  for (const folder of require.resolve.paths('@vladmandic/human') ?? []) {
    const candidate = path.join(folder, '@vladmandic', 'human', 'models', 'centernet.json');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('@vladmandic/human is not installed: its models/centernet.json is the default backbone (run npm install)');
}

export async function loadCenternetMobilenetV3(): Promise<Backbone> {
  const inputNode = 'tower_0/images';
  const file = await readGraphModelFile(centernetModelPath(), inputNode);
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
