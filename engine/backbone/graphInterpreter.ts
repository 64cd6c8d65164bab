// Re-expresses a TensorFlow graph (convolutions with folded BatchNorm, depthwise convolutions,
// element-wise ops, means) as plain differentiable tfjs ops over a params map, so every kernel is a
// named parameter. Fused graph ops have no gradients in tfjs; these plain ops do.

import * as tf from '@tensorflow/tfjs-core';
import type { AdaptableLayer } from '../model/adaptable';
import type { ParamMap } from '../model/params';
import type { GraphAttrValue, GraphNodeDef } from './graphModelFile';

export type Activation = 'relu' | 'relu6' | null;

export interface ConvOp {
  kind: 'conv';
  layer: AdaptableLayer;
  strides: [number, number];
  padding: 'same' | 'valid';
  activation: Activation;
}

export type InterpretedOp = { name: string; block: string; inputs: string[] } & (
  | ConvOp
  | { kind: 'add' | 'mul' | 'sub' | 'relu' | 'relu6' | 'sigmoid' | 'identity' }
  | { kind: 'mean'; axes: number[]; keepDims: boolean }
);

export interface InterpretedGraph {
  ops: InterpretedOp[];
  /** Non-weight constants the element-wise ops read (e.g. hard-swish's 3 and 1/6). */
  constants: tf.NamedTensorMap;
  frozen: ParamMap;
  layers: AdaptableLayer[];
}

export interface GraphNaming {
  /** Block (stem, inverted bottleneck, ...) a graph node belongs to. */
  blockOf(nodeName: string): string;
  /** Stable layer name for a convolution, from its kernel's weight name. */
  layerOf(kernelWeightName: string): string;
}

const decodeString = (value: string) => Buffer.from(value, 'base64').toString('utf8');

function attrInts(attr: GraphAttrValue | undefined): number[] {
  return (attr?.list?.i ?? []).map(Number);
}

function fusedActivation(node: GraphNodeDef): Activation {
  const fused = (node.attr?.fused_ops?.list?.s ?? []).map(decodeString);
  const supported = ['BiasAdd', 'Relu', 'Relu6'];
  for (const op of fused) if (!supported.includes(op)) throw new Error(`${node.name}: unsupported fused op ${op}`);
  if (fused.includes('Relu')) return 'relu';
  if (fused.includes('Relu6')) return 'relu6';
  return null;
}

/** Nodes needed to compute `outputs`, in an order where every node follows its inputs. */
function neededInOrder(nodes: GraphNodeDef[], outputs: string[]): GraphNodeDef[] {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const index = new Map(nodes.map((node, i) => [node.name, i]));
  const needed = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const name = stack.pop()!.split(':')[0];
    if (needed.has(name)) continue;
    const node = byName.get(name);
    if (!node) throw new Error(`graph has no node ${name}`);
    needed.add(name);
    for (const input of node.input ?? []) stack.push(input);
  }
  // Depth-first post-order from the outputs, visiting inputs in file order: a valid topological order.
  const ordered: GraphNodeDef[] = [];
  const done = new Set<string>();
  const visit = (name: string) => {
    const todo: [string, boolean][] = [[name, false]];
    while (todo.length > 0) {
      const [current, expanded] = todo.pop()!;
      if (done.has(current)) continue;
      if (expanded) {
        done.add(current);
        ordered.push(byName.get(current)!);
        continue;
      }
      todo.push([current, true]);
      const inputs = (byName.get(current)!.input ?? []).map((input) => input.split(':')[0]);
      inputs.sort((a, b) => index.get(b)! - index.get(a)!);
      for (const input of inputs) if (!done.has(input)) todo.push([input, false]);
    }
  };
  for (const output of outputs) visit(output.split(':')[0]);
  return ordered;
}

export function interpretGraph(
  nodes: GraphNodeDef[],
  weights: tf.NamedTensorMap,
  inputName: string,
  outputs: string[],
  naming: GraphNaming,
): InterpretedGraph {
  const ops: InterpretedOp[] = [];
  const constants: tf.NamedTensorMap = {};
  const frozen: ParamMap = {};
  const layers: AdaptableLayer[] = [];
  const isConst = (name: string) => weights[name] !== undefined;
  for (const node of neededInOrder(nodes, outputs)) {
    if (node.op === 'Const' || node.name === inputName) continue;
    const block = naming.blockOf(node.name);
    const inputs = node.input ?? [];
    switch (node.op) {
      case '_FusedConv2D':
      case 'FusedDepthwiseConv2dNative':
      case 'Conv2D':
      case 'DepthwiseConv2dNative': {
        const depthwise = node.op.includes('Depthwise');
        const [x, kernelName, biasName] = inputs;
        const layerName = naming.layerOf(kernelName);
        const kernelKey = `backbone/${layerName}/kernel`;
        const biasKey = biasName ? `backbone/${layerName}/bias` : null;
        const kernel = weights[kernelName];
        const kernelShape = kernel.shape as number[];
        if (frozen[kernelKey]) throw new Error(`two convolutions map to layer ${layerName}`);
        frozen[kernelKey] = kernel;
        if (biasKey) frozen[biasKey] = weights[biasName];
        const layer: AdaptableLayer = {
          name: `backbone/${layerName}`,
          op: depthwise ? 'depthwise' : 'conv2d',
          kernel: kernelKey,
          bias: biasKey,
          kernelShape,
          outChannels: depthwise ? kernelShape[2] * kernelShape[3] : kernelShape[3],
          block,
        };
        layers.push(layer);
        const strides = attrInts(node.attr?.strides);
        const dilations = attrInts(node.attr?.dilations);
        if (dilations.some((d) => d !== 1)) throw new Error(`${node.name}: dilated convolutions are not supported`);
        const padding = decodeString(node.attr?.padding?.s ?? '') === 'VALID' ? 'valid' : 'same';
        ops.push({ name: node.name, block, inputs: [x], kind: 'conv', layer, strides: [strides[1] ?? 1, strides[2] ?? 1], padding, activation: node.op.startsWith('Fused') || node.op === '_FusedConv2D' ? fusedActivation(node) : null });
        break;
      }
      case 'Add':
      case 'AddV2':
      case 'Mul':
      case 'Sub': {
        for (const input of inputs) if (isConst(input)) constants[input] = weights[input];
        const kind = node.op === 'Mul' ? 'mul' : node.op === 'Sub' ? 'sub' : 'add';
        ops.push({ name: node.name, block, inputs, kind });
        break;
      }
      case 'Relu':
      case 'Relu6':
      case 'Sigmoid':
      case 'Identity':
        ops.push({ name: node.name, block, inputs: [inputs[0]], kind: node.op.toLowerCase() as 'relu' | 'relu6' | 'sigmoid' | 'identity' });
        break;
      case 'Mean': {
        const axes = Array.from(weights[inputs[1]].dataSync());
        ops.push({ name: node.name, block, inputs: [inputs[0]], kind: 'mean', axes, keepDims: node.attr?.keep_dims?.b ?? false });
        break;
      }
      default:
        throw new Error(`${node.name}: graph op ${node.op} is not supported by the backbone interpreter`);
    }
  }
  return { ops, constants, frozen, layers };
}

/** op(x, kernel) + bias, then the activation. 1x1 stride-1 convolutions run as matrix products (fast, and their gradients need no Conv2DBackpropFilter). */
export function runConv(op: ConvOp, x: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor | undefined): tf.Tensor4D {
  const [kh, kw] = kernel.shape as number[];
  let y: tf.Tensor4D;
  if (op.layer.op === 'depthwise') {
    y = tf.depthwiseConv2d(x, kernel as tf.Tensor4D, op.strides, op.padding);
  } else if (kh === 1 && kw === 1 && op.strides[0] === 1 && op.strides[1] === 1) {
    const [n, h, w, c] = x.shape;
    const out = (kernel.shape as number[])[3];
    y = tf.reshape(tf.matMul(tf.reshape(x, [n * h * w, c]) as tf.Tensor2D, tf.reshape(kernel, [c, out]) as tf.Tensor2D), [n, h, w, out]);
  } else {
    y = tf.conv2d(x, kernel as tf.Tensor4D, op.strides, op.padding);
  }
  if (bias) y = tf.add(y, bias);
  if (op.activation === 'relu') y = tf.relu(y);
  else if (op.activation === 'relu6') y = tf.relu6(y);
  return y;
}

/** Computes one op from values already computed (graph values and constants). */
export function runOp(op: InterpretedOp, read: (name: string) => tf.Tensor, weights: ParamMap): tf.Tensor {
  const [a, b] = op.inputs.map(read);
  switch (op.kind) {
    case 'conv':
      return runConv(op, a as tf.Tensor4D, weights[op.layer.kernel], op.layer.bias ? weights[op.layer.bias] : undefined);
    case 'add':
      return tf.add(a, b);
    case 'sub':
      return tf.sub(a, b);
    case 'mul':
      return tf.mul(a, b);
    case 'relu':
      return tf.relu(a);
    case 'relu6':
      return tf.relu6(a);
    case 'sigmoid':
      return tf.sigmoid(a);
    case 'identity':
      return a;
    case 'mean':
      return tf.mean(a, op.axes, op.keepDims);
  }
}
