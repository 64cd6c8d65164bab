// An adapted model as one plain, layout-neutral graph from raw pixels to per-class logits and a class-id
// mask, with every weight as data: the backbone's interpreted ops over merged weights (mergeable methods
// folded in by their `merge`), the method's extra ops beside blocks (conv-adapter), and the decoder.
// The ONNX and TensorFlow.js writers translate this one graph, so both formats compute the same network.
// Shapes and kernels follow tfjs (NHWC values, conv kernels [kh, kw, in, out], depthwise [kh, kw, c, m]).

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptedModel } from '../modelStore/adaptedModel';
import type { ParamMap } from '../model/params';
import { methodBranches } from './methodBranches';

export interface ExportWeight {
  shape: number[];
  dtype: 'float32' | 'int32';
  data: Float32Array | Int32Array;
}

export type ExportOp = { name: string } & (
  | { kind: 'conv'; input: string; kernel: string; bias: string | null; depthwise: boolean; strides: [number, number]; padding: 'same' | 'valid'; activation: 'relu' | 'relu6' | null }
  | { kind: 'add' | 'sub' | 'mul'; inputs: [string, string] }
  | { kind: 'relu' | 'relu6' | 'sigmoid' | 'identity'; input: string }
  /** Mean over height and width, keeping both axes (squeeze-excite). */
  | { kind: 'spatialMean'; input: string }
  /** Bilinear resize (half-pixel centres) to the height and width of `like`. */
  | { kind: 'resizeLike'; input: string; like: string }
  /** Argmax over channels, looked up in the int32 weight `ids`: the class id of each pixel. */
  | { kind: 'classIds'; input: string; ids: string }
);

export interface ExportGraph {
  /** Graph input: [N, H, W, 3] float32 RGB pixels in 0..255, H and W multiples of `sizeMultiple`. */
  input: string;
  sizeMultiple: number;
  ops: ExportOp[];
  /** By name; scalar constants have shape []. */
  weights: Map<string, ExportWeight>;
  /** [N, H, W, classes] float32 logits and [N, H, W] int32 class ids. */
  outputs: { logits: string; mask: string };
  classCount: number;
}

export const GRAPH_INPUT = 'image';
export const LOGITS_OUTPUT = 'logits';
export const MASK_OUTPUT = 'mask';

/** Collects ops and weights; weight data is copied out of tensors, so the graph holds no tensor. */
export class GraphBuilder {
  readonly ops: ExportOp[] = [];
  readonly weights = new Map<string, ExportWeight>();

  op<T extends ExportOp>(op: T): string {
    if (this.ops.some((other) => other.name === op.name) || this.weights.has(op.name)) throw new Error(`export graph: two values named ${op.name}`);
    this.ops.push(op);
    return op.name;
  }

  weight(name: string, tensor: tf.Tensor, shape: number[] = [...tensor.shape]): string {
    if (!this.weights.has(name)) {
      const data = tensor.dtype === 'int32' ? Int32Array.from(tensor.dataSync() as Int32Array) : Float32Array.from(tensor.dataSync() as Float32Array);
      this.weights.set(name, { shape, dtype: tensor.dtype === 'int32' ? 'int32' : 'float32', data });
    }
    return name;
  }

  scalar(name: string, value: number): string {
    if (!this.weights.has(name)) this.weights.set(name, { shape: [], dtype: 'float32', data: Float32Array.of(value) });
    return name;
  }
}

/** Effective backbone weights of the exported network: frozen, with the method's merged tensors in place. */
function mergedWeights(model: AdaptedModel): ParamMap {
  const { method, backbone, state, target, methodConfig } = model;
  const merged = method.merge ? method.merge(backbone.frozen, state, target, methodConfig) : method.effectiveWeights(backbone.frozen, state, target, methodConfig);
  return { ...backbone.frozen, ...merged };
}

function addBackbone(model: AdaptedModel, builder: GraphBuilder, image: string, weights: ParamMap): Map<string, string> {
  const graph = model.backbone.graph;
  if (!graph) throw new Error(`backbone ${model.backbone.id} is not an interpreted graph and cannot be exported`);
  const branch = model.method.blockOutput ? methodBranches[model.method.name] : undefined;
  if (model.method.blockOutput && !branch) throw new Error(`method ${model.method.name} adds ops the exporter does not know how to write`);
  const adapted = new Map(model.target.blocks.map((block) => [block.name, block]));
  const hooked = new Map(graph.blockWiring.filter((w) => adapted.has(w.block)).map((w) => [w.outputNode, w]));
  // Graph value -> export value (the input node is the normalised image; constants become scalar weights).
  const values = new Map<string, string>([[graph.inputNode, image]]);
  const read = (name: string): string => {
    const value = values.get(name);
    if (value) return value;
    const constant = graph.constants[name];
    if (!constant) throw new Error(`export graph: backbone value ${name} is not available`);
    return builder.weight(name, constant);
  };
  for (const op of graph.ops) {
    const wiring = hooked.get(op.name);
    const name = wiring && branch ? `${op.name}/without_adapter` : op.name;
    switch (op.kind) {
      case 'conv':
        builder.op({
          kind: 'conv',
          name,
          input: read(op.inputs[0]),
          kernel: builder.weight(op.layer.kernel, weights[op.layer.kernel]),
          bias: op.layer.bias ? builder.weight(op.layer.bias, weights[op.layer.bias]) : null,
          depthwise: op.layer.op === 'depthwise',
          strides: op.strides,
          padding: op.padding,
          activation: op.activation,
        });
        break;
      case 'add':
      case 'sub':
      case 'mul':
        builder.op({ kind: op.kind, name, inputs: [read(op.inputs[0]), read(op.inputs[1])] });
        break;
      case 'mean':
        if (!op.keepDims || op.axes.join() !== '1,2') throw new Error(`${op.name}: only a spatial mean keeping its axes can be exported`);
        builder.op({ kind: 'spatialMean', name, input: read(op.inputs[0]) });
        break;
      default:
        builder.op({ kind: op.kind, name, input: read(op.inputs[0]) });
    }
    values.set(op.name, name);
    if (wiring && branch) values.set(op.name, branch(builder, adapted.get(wiring.block)!, read(wiring.inputNode), name, op.name, model));
  }
  return values;
}

/** Pointwise decoder kernels are [in, out] matrices; as convolutions they are [1, 1, in, out]. */
function pointwise(builder: GraphBuilder, name: string, input: string, decoder: ParamMap, kernelKey: string, biasKey: string | null): string {
  const kernel = decoder[kernelKey];
  const [rows, cols] = kernel.shape;
  return builder.op({
    kind: 'conv',
    name,
    input,
    kernel: builder.weight(kernelKey, kernel, [1, 1, rows, cols]),
    bias: biasKey ? builder.weight(biasKey, decoder[biasKey]) : null,
    depthwise: false,
    strides: [1, 1],
    padding: 'same',
    activation: null,
  });
}

/** The FPN-lite decoder of decoder/fpnLiteDecoder.ts as graph ops, then logits at the input's size. */
function addDecoder(model: AdaptedModel, builder: GraphBuilder, taps: string[], image: string): string {
  const decoder = model.decoder;
  const coarse = taps.slice(1);
  // The fuse bias is added with the finest coarse projection (the one that is not resized): the same sum.
  const projected = coarse.map((tap, i) => pointwise(builder, `decoder/lateral${i + 1}`, tap, decoder, `decoder/lateral${i + 1}/kernel`, i === 0 ? 'decoder/fuse/bias' : null));
  let fused = projected[projected.length - 1];
  for (let i = projected.length - 2; i >= 0; i--) {
    const resized = builder.op({ kind: 'resizeLike', name: `decoder/fuse${i + 1}/resize`, input: fused, like: projected[i] });
    fused = builder.op({ kind: 'add', name: `decoder/fuse${i + 1}`, inputs: [projected[i], resized] });
  }
  const hidden = builder.op({ kind: 'relu', name: 'decoder/hidden', input: fused });
  const coarseLogits = pointwise(builder, 'decoder/classifier', hidden, decoder, 'decoder/classifier/kernel', 'decoder/classifier/bias');
  const detail = pointwise(builder, 'decoder/detail', taps[0], decoder, 'decoder/detail/kernel', null);
  const resized = builder.op({ kind: 'resizeLike', name: 'decoder/classifier/resize', input: coarseLogits, like: detail });
  const strideLogits = builder.op({ kind: 'add', name: 'decoder/logits', inputs: [resized, detail] });
  return builder.op({ kind: 'resizeLike', name: 'decoder/logits/resize', input: strideLogits, like: image });
}

/** The whole adapted network as an ExportGraph. Allocates tensors only inside a tidy scope. */
export function buildExportGraph(model: AdaptedModel): ExportGraph {
  const builder = new GraphBuilder();
  let outputs!: ExportGraph['outputs'];
  tf.tidy(() => {
    const { scale, offset } = model.backbone.normalisation;
    let image = GRAPH_INPUT;
    if (scale !== 1) image = builder.op({ kind: 'mul', name: 'normalise/scale', inputs: [image, builder.scalar('normalise/scale/value', scale)] });
    if (offset !== 0) image = builder.op({ kind: 'add', name: 'normalise/offset', inputs: [image, builder.scalar('normalise/offset/value', offset)] });
    const values = addBackbone(model, builder, image, mergedWeights(model));
    const taps = model.backbone.taps.map((tap) => {
      const value = values.get(tap.node);
      if (!value) throw new Error(`export graph: tap ${tap.node} is not computed`);
      return value;
    });
    const logits = addDecoder(model, builder, taps, GRAPH_INPUT);
    const ids = builder.weight('class_ids', tf.tensor1d(model.classes.map((spec) => spec.id), 'int32'));
    const mask = builder.op({ kind: 'classIds', name: 'decoder/class_ids', input: logits, ids });
    outputs = { logits, mask };
  });
  return { input: GRAPH_INPUT, sizeMultiple: model.backbone.sizeMultiple, ops: builder.ops, weights: builder.weights, outputs, classCount: model.classes.length };
}
