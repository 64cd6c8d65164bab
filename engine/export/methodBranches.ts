// Extra ops of methods that do not merge into backbone weights, keyed by method name: what their
// `blockOutput` computes, written as export graph ops (the exporter refuses a method missing here).

import type { AdaptableBlock } from '../model/adaptable';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import { methodKey } from '../peft/layerSelection';
import type { GraphBuilder } from './exportGraph';

/** Adds the branch beside `block` (reading the block's input and its output value); returns the value that replaces the output. */
export type BlockBranch = (builder: GraphBuilder, block: AdaptableBlock, input: string, output: string, outputName: string, model: AdaptedModel) => string;

/** conv-adapter (peft/conv-adapter): output + up(depthwise_stride(relu(down(input) + b)) ) + b. */
const convAdapterBranch: BlockBranch = (builder, block, input, output, outputName, model) => {
  const key = (what: string) => methodKey('conv-adapter', block.name, what);
  const tensor = (what: string) => {
    const value = model.state.trainable[key(what)];
    if (!value) throw new Error(`conv-adapter: no ${key(what)} in the trained tensors`);
    return value;
  };
  const down = builder.op({
    kind: 'conv', name: `${key('down')}`, input, kernel: builder.weight(`${key('down')}/kernel`, tensor('down')), bias: builder.weight(key('downBias'), tensor('downBias')),
    depthwise: false, strides: [1, 1], padding: 'same', activation: 'relu',
  });
  const spatial = builder.op({
    kind: 'conv', name: key('spatial'), input: down, kernel: builder.weight(`${key('spatial')}/kernel`, tensor('spatial')), bias: null,
    depthwise: true, strides: [block.stride, block.stride], padding: 'same', activation: null,
  });
  const up = builder.op({
    kind: 'conv', name: key('up'), input: spatial, kernel: builder.weight(`${key('up')}/kernel`, tensor('up')), bias: builder.weight(key('upBias'), tensor('upBias')),
    depthwise: false, strides: [1, 1], padding: 'same', activation: null,
  });
  return builder.op({ kind: 'add', name: outputName, inputs: [output, up] });
};

export const methodBranches: Partial<Record<string, BlockBranch>> = {
  'conv-adapter': convAdapterBranch,
};
