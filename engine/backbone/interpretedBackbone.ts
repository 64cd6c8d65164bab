// A Backbone built from an interpreted TensorFlow.js graph model: block structure, feature taps, and a
// forward split into a frozen prefix (run once per image, cached) and an adapted suffix.

import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../model/params';
import type { AdaptTarget } from '../peft/peftMethod';
import { NO_ADAPTED_BLOCK, type Backbone, type BackboneBlock, type BlockHook, type FeatureCache, type FeatureTap } from './backbone';
import { interpretGraph, runOp, type GraphNaming, type InterpretedOp } from './graphInterpreter';
import type { GraphModelFile } from './graphModelFile';

export interface InterpretedBackboneSpec {
  id: string;
  description: string;
  inputNode: string;
  tapNodes: string[];
  naming: GraphNaming;
  normalisation: { scale: number; offset: number };
  sizeMultiple: number;
  defaultFirstAdaptedBlock: string;
  fullFirstAdaptedBlock: string;
}

interface BlockWiring {
  name: string;
  index: number;
  inputNode: string;
  outputNode: string;
}

function wireBlocks(ops: InterpretedOp[], inputNode: string, isConstant: (name: string) => boolean): BlockWiring[] {
  const names: string[] = [];
  for (const op of ops) if (!names.includes(op.block)) names.push(op.block);
  const producedIn = new Map(ops.map((op) => [op.name, op.block]));
  return names.map((name, index) => {
    const inBlock = ops.filter((op) => op.block === name);
    const external = new Set<string>();
    for (const op of inBlock) {
      for (const input of op.inputs) {
        if (isConstant(input)) continue;
        if (input === inputNode || producedIn.get(input) !== name) external.add(input);
      }
    }
    if (external.size !== 1) throw new Error(`block ${name} has ${external.size} inputs; one is needed to place adapters`);
    const leaving = inBlock.filter((op) => ops.some((other) => other.block !== name && other.inputs.includes(op.name)));
    const outputNode = (leaving.length > 0 ? leaving[leaving.length - 1] : inBlock[inBlock.length - 1]).name;
    return { name, index, inputNode: [...external][0], outputNode };
  });
}

export function buildInterpretedBackbone(file: GraphModelFile, spec: InterpretedBackboneSpec): Backbone {
  const graph = interpretGraph(file.nodes, file.weights, spec.inputNode, spec.tapNodes, spec.naming);
  // Weights the interpreter did not take (detector head, post-processing) are not needed.
  const kept = new Set<tf.Tensor>([...Object.values(graph.frozen), ...Object.values(graph.constants)]);
  for (const tensor of Object.values(file.weights)) if (!kept.has(tensor)) tensor.dispose();

  const isConstant = (name: string) => graph.constants[name] !== undefined;
  const wiring = wireBlocks(graph.ops, spec.inputNode, isConstant);
  const blockIndex = new Map(wiring.map((w) => [w.name, w.index]));
  const opBlockIndex = graph.ops.map((op) => blockIndex.get(op.block)!);

  const splitIndex = (firstAdaptedBlock: string): number => {
    if (firstAdaptedBlock === NO_ADAPTED_BLOCK) return wiring.length;
    const index = blockIndex.get(firstAdaptedBlock);
    if (index === undefined) throw new Error(`backbone ${spec.id} has no block ${firstAdaptedBlock}`);
    return index;
  };

  const runOps = (values: Map<string, tf.Tensor>, from: number, to: number, weights: ParamMap, hookedBlocks: Map<string, BackboneBlock> | null, blockHook?: BlockHook) => {
    const read = (name: string): tf.Tensor => {
      const value = values.get(name) ?? graph.constants[name];
      if (!value) throw new Error(`backbone value ${name} is not available here`);
      return value;
    };
    graph.ops.forEach((op, i) => {
      if (opBlockIndex[i] < from || opBlockIndex[i] >= to) return;
      let value = runOp(op, read, weights);
      const block = hookedBlocks?.get(op.name);
      if (block && blockHook) value = blockHook(block, read(wiringByName.get(block.name)!.inputNode) as tf.Tensor4D, value as tf.Tensor4D);
      values.set(op.name, value);
    });
  };

  // Block channels and strides from one small forward pass.
  const wiringByName = new Map<string, { inputNode: string; outputNode: string }>();
  for (const w of wiring) wiringByName.set(w.name, w);
  const probeSide = spec.sizeMultiple * 2;
  const shapes = tf.tidy(() => {
    const values = new Map<string, tf.Tensor>([[spec.inputNode, tf.zeros([1, probeSide, probeSide, 3])]]);
    runOps(values, 0, wiring.length, graph.frozen, null);
    const shapeOf = (name: string) => values.get(name)!.shape as number[];
    return {
      blocks: wiring.map((w) => ({ input: shapeOf(w.inputNode), output: shapeOf(w.outputNode) })),
      taps: spec.tapNodes.map(shapeOf),
    };
  });
  const blocks: BackboneBlock[] = wiring.map((w, i) => {
    const { input, output } = shapes.blocks[i];
    return {
      name: w.name,
      inChannels: input[3],
      outChannels: output[3],
      stride: Math.round(input[1] / output[1]),
      outputStride: Math.round(probeSide / output[1]),
    };
  });
  const hookNodes = new Map(wiring.map((w, i) => [w.outputNode, blocks[i]]));
  const taps: FeatureTap[] = spec.tapNodes.map((node, i) => ({ node, channels: shapes.taps[i][3], stride: Math.round(probeSide / shapes.taps[i][1]) }));

  return {
    id: spec.id,
    description: spec.description,
    normalisation: spec.normalisation,
    sizeMultiple: spec.sizeMultiple,
    frozen: graph.frozen,
    layers: graph.layers,
    blocks,
    taps,
    defaultFirstAdaptedBlock: spec.defaultFirstAdaptedBlock,
    fullFirstAdaptedBlock: spec.fullFirstAdaptedBlock,
    graph: {
      inputNode: spec.inputNode,
      ops: graph.ops,
      constants: graph.constants,
      blockWiring: wiring.map((w) => ({ block: w.name, inputNode: w.inputNode, outputNode: w.outputNode })),
    },
    adaptTarget(firstAdaptedBlock: string): AdaptTarget {
      const split = splitIndex(firstAdaptedBlock);
      return {
        layers: graph.layers.filter((layer) => blockIndex.get(layer.block)! >= split),
        blocks: blocks.filter((_, i) => i >= split),
      };
    },
    forwardPrefix(image: tf.Tensor4D, firstAdaptedBlock: string): FeatureCache {
      const split = splitIndex(firstAdaptedBlock);
      return tf.tidy(() => {
        const values = new Map<string, tf.Tensor>([[spec.inputNode, image]]);
        runOps(values, 0, split, graph.frozen, null);
        const cache: FeatureCache = {};
        graph.ops.forEach((op, i) => {
          if (opBlockIndex[i] < split) return;
          for (const input of op.inputs) if (values.has(input)) cache[input] = values.get(input) as tf.Tensor4D;
        });
        for (const node of spec.tapNodes) if (values.has(node)) cache[node] = values.get(node) as tf.Tensor4D;
        if (split === 0) cache[spec.inputNode] = tf.clone(image);
        return cache;
      });
    },
    forwardSuffix(cache: FeatureCache, firstAdaptedBlock: string, weights: ParamMap, blockHook?: BlockHook): tf.Tensor4D[] {
      const split = splitIndex(firstAdaptedBlock);
      return tf.tidy(() => {
        const values = new Map<string, tf.Tensor>(Object.entries(cache));
        runOps(values, split, wiring.length, weights, hookNodes, blockHook);
        return spec.tapNodes.map((node) => values.get(node) as tf.Tensor4D);
      });
    },
    dispose() {
      for (const tensor of kept) tensor.dispose();
    },
  };
}
