// ExportGraph -> a TensorFlow.js graph model: model.json (a TensorFlow GraphDef in tfjs's JSON form, plus
// signature and weights manifest) and 4 MB weight shards, as tensorflowjs_converter writes them, so that
// plain tf.loadGraphModel loads it. NHWC throughout; height and width are dynamic.

import { GRAPH_INPUT, LOGITS_OUTPUT, MASK_OUTPUT, type ExportGraph, type ExportOp } from './exportGraph';

interface AttrValue {
  s?: string;
  i?: string;
  b?: boolean;
  type?: string;
  list?: { i?: string[]; s?: string[] };
  shape?: { dim: { size: string }[] };
  tensor?: { dtype: string; tensorShape: { dim?: { size: string }[] } };
}

interface GraphNode {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, AttrValue>;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32' | 'int32';
}

export const TFJS_MODEL_FILE = 'model.json';
const SHARD_BYTES = 4 * 1024 * 1024;

const base64 = (value: string) => Buffer.from(value, 'utf8').toString('base64');
const shapeOf = (dims: number[]) => ({ dim: dims.map((size) => ({ size: String(size) })) });
const dtypeName = (dtype: 'float32' | 'int32') => (dtype === 'int32' ? 'DT_INT32' : 'DT_FLOAT');
const T = { type: 'DT_FLOAT' };

class TfGraphWriter {
  readonly nodes: GraphNode[] = [];
  readonly weights: WeightEntry[] = [];
  readonly data: Uint8Array[] = [];
  private readonly constants = new Set<string>();

  constructor(private readonly graph: ExportGraph) {}

  node(name: string, op: string, input: string[], attr: Record<string, AttrValue> = {}): string {
    this.nodes.push({ name, op, input, attr });
    return name;
  }

  constant(name: string, shape: number[], dtype: 'float32' | 'int32', values: Float32Array | Int32Array): string {
    if (this.constants.has(name)) return name;
    this.constants.add(name);
    const tensor = { dtype: dtypeName(dtype), tensorShape: shape.length ? shapeOf(shape) : {} };
    this.node(name, 'Const', [], { value: { tensor }, dtype: { type: dtypeName(dtype) } });
    this.weights.push({ name, shape, dtype });
    this.data.push(new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)));
    return name;
  }

  ints(name: string, values: number[]): string {
    return this.constant(name, [values.length], 'int32', Int32Array.from(values));
  }

  intScalar(name: string, value: number): string {
    return this.constant(name, [], 'int32', Int32Array.of(value));
  }

  /** A value read by an op: a graph value or one of the graph's weights. */
  value(name: string): string {
    const weight = this.graph.weights.get(name);
    return weight ? this.constant(name, weight.shape, weight.dtype, weight.data) : name;
  }

  op(op: ExportOp): void {
    switch (op.kind) {
      case 'conv': {
        const attr: Record<string, AttrValue> = {
          T,
          strides: { list: { i: ['1', String(op.strides[0]), String(op.strides[1]), '1'] } },
          padding: { s: base64(op.padding === 'same' ? 'SAME' : 'VALID') },
          data_format: { s: base64('NHWC') },
          dilations: { list: { i: ['1', '1', '1', '1'] } },
        };
        const tfOp = op.depthwise ? 'DepthwiseConv2dNative' : 'Conv2D';
        let value = this.node(op.bias || op.activation ? `${op.name}/conv` : op.name, tfOp, [op.input, this.value(op.kernel)], attr);
        if (op.bias) value = this.node(op.activation ? `${op.name}/bias` : op.name, 'BiasAdd', [value, this.value(op.bias)], { T, data_format: { s: base64('NHWC') } });
        if (op.activation) this.node(op.name, op.activation === 'relu' ? 'Relu' : 'Relu6', [value], { T });
        return;
      }
      case 'add':
      case 'sub':
      case 'mul':
        this.node(op.name, { add: 'AddV2', sub: 'Sub', mul: 'Mul' }[op.kind], op.inputs.map((input) => this.value(input)), { T });
        return;
      case 'relu':
      case 'relu6':
      case 'sigmoid':
      case 'identity':
        this.node(op.name, { relu: 'Relu', relu6: 'Relu6', sigmoid: 'Sigmoid', identity: 'Identity' }[op.kind], [op.input], { T });
        return;
      case 'spatialMean':
        this.node(op.name, 'Mean', [op.input, this.ints('constant/height_width_axes', [1, 2])], { T, keep_dims: { b: true }, Tidx: { type: 'DT_INT32' } });
        return;
      case 'resizeLike': {
        const shape = this.node(`${op.name}/like_shape`, 'Shape', [op.like], { T, out_type: { type: 'DT_INT32' } });
        const size = this.node(`${op.name}/size`, 'StridedSlice', [shape, this.ints('constant/slice_begin_1', [1]), this.ints('constant/slice_end_3', [3]), this.ints('constant/slice_stride_1', [1])], {
          T: { type: 'DT_INT32' },
          Index: { type: 'DT_INT32' },
          begin_mask: { i: '0' },
          end_mask: { i: '0' },
          ellipsis_mask: { i: '0' },
          new_axis_mask: { i: '0' },
          shrink_axis_mask: { i: '0' },
        });
        this.node(op.name, 'ResizeBilinear', [op.input, size], { T, align_corners: { b: false }, half_pixel_centers: { b: true } });
        return;
      }
      case 'classIds': {
        const index = this.node(`${op.name}/index`, 'ArgMax', [op.input, this.intScalar('constant/channel_axis', 3)], { T, Tidx: { type: 'DT_INT32' }, output_type: { type: 'DT_INT32' } });
        this.node(op.name, 'GatherV2', [this.value(op.ids), index, this.intScalar('constant/axis_0', 0)], {
          Tparams: { type: 'DT_INT32' },
          Tindices: { type: 'DT_INT32' },
          Taxis: { type: 'DT_INT32' },
          batch_dims: { i: '0' },
        });
        return;
      }
    }
  }
}

/** model.json and its weight shards, file name -> bytes. `userDefinedMetadata` lands in model.json as is. */
export function encodeTfjsGraphModel(graph: ExportGraph, userDefinedMetadata: Record<string, unknown>, producer: string): { name: string; data: Uint8Array }[] {
  const writer = new TfGraphWriter(graph);
  const inputShape = shapeOf([-1, -1, -1, 3]);
  writer.node(GRAPH_INPUT, 'Placeholder', [], { dtype: T, shape: { shape: inputShape } });
  for (const op of graph.ops) writer.op(op);
  writer.node(LOGITS_OUTPUT, 'Identity', [graph.outputs.logits], { T });
  writer.node(MASK_OUTPUT, 'Identity', [graph.outputs.mask], { T: { type: 'DT_INT32' } });

  const total = writer.data.reduce((sum, part) => sum + part.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const part of writer.data) {
    all.set(part, offset);
    offset += part.byteLength;
  }
  const shardCount = Math.max(1, Math.ceil(total / SHARD_BYTES));
  const shards = Array.from({ length: shardCount }, (_, i) => ({ name: `group1-shard${i + 1}of${shardCount}.bin`, data: all.slice(i * SHARD_BYTES, Math.min(total, (i + 1) * SHARD_BYTES)) }));
  const modelJson = {
    format: 'graph-model',
    generatedBy: producer,
    convertedBy: producer,
    signature: {
      inputs: { [GRAPH_INPUT]: { name: `${GRAPH_INPUT}:0`, dtype: 'DT_FLOAT', tensorShape: inputShape } },
      outputs: {
        [LOGITS_OUTPUT]: { name: `${LOGITS_OUTPUT}:0`, dtype: 'DT_FLOAT', tensorShape: shapeOf([-1, -1, -1, graph.classCount]) },
        [MASK_OUTPUT]: { name: `${MASK_OUTPUT}:0`, dtype: 'DT_INT32', tensorShape: shapeOf([-1, -1, -1]) },
      },
    },
    modelTopology: { node: writer.nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [{ paths: shards.map((shard) => shard.name), weights: writer.weights }],
    userDefinedMetadata,
  };
  return [{ name: TFJS_MODEL_FILE, data: new TextEncoder().encode(JSON.stringify(modelJson)) }, ...shards];
}
