// ExportGraph -> model.onnx bytes (opset 17, IR version 8), encoded by protobufjs over onnxSchema.
// Inside, the network runs NCHW as ONNX convolutions do: the NHWC input is transposed once on entry,
// the logits once on exit, kernels are stored in ONNX layout. Height and width are dynamic.

import { GRAPH_INPUT, LOGITS_OUTPUT, MASK_OUTPUT, type ExportGraph, type ExportOp, type ExportWeight } from './exportGraph';
import { ModelProto, OnnxAttributeType, OnnxDataType } from './onnxSchema';

export const ONNX_OPSET = 17;
const IR_VERSION = 8;

type Attribute = { name: string; type: number; f?: number; i?: number; s?: Uint8Array; ints?: number[] };
type Node = { input: string[]; output: string[]; name: string; opType: string; attribute: Attribute[] };
type Initializer = { name: string; dims: number[]; dataType: number; rawData: Uint8Array };

const ints = (name: string, values: number[]): Attribute => ({ name, type: OnnxAttributeType.INTS, ints: values });
const int = (name: string, value: number): Attribute => ({ name, type: OnnxAttributeType.INT, i: value });
const text = (name: string, value: string): Attribute => ({ name, type: OnnxAttributeType.STRING, s: new TextEncoder().encode(value) });

/** Row-major transpose of `data` with `shape` by `perm` (output axis i is input axis perm[i]). */
export function transposeData(data: Float32Array, shape: number[], perm: number[]): Float32Array {
  const outShape = perm.map((axis) => shape[axis]);
  const inStrides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(data.length);
  const index = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let source = 0;
    for (let axis = 0; axis < outShape.length; axis++) source += index[axis] * inStrides[perm[axis]];
    out[o] = data[source];
    for (let axis = outShape.length - 1; axis >= 0; axis--) {
      if (++index[axis] < outShape[axis]) break;
      index[axis] = 0;
    }
  }
  return out;
}

function bytesOf(data: Float32Array | Int32Array | BigInt64Array): Uint8Array {
  return new Uint8Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}

class OnnxGraphWriter {
  readonly nodes: Node[] = [];
  readonly initializers: Initializer[] = [];
  private readonly names = new Set<string>();

  constructor(private readonly graph: ExportGraph) {}

  node(opType: string, inputs: string[], output: string, attribute: Attribute[] = []): string {
    this.nodes.push({ input: inputs, output: [output], name: output, opType, attribute });
    return output;
  }

  initializer(name: string, dims: number[], dataType: number, data: Float32Array | Int32Array | BigInt64Array): string {
    if (!this.names.has(name)) {
      this.names.add(name);
      this.initializers.push({ name, dims, dataType, rawData: bytesOf(data) });
    }
    return name;
  }

  /** A graph weight, in ONNX layout for its use: conv kernels OIHW, depthwise [c*m, 1, kh, kw]. */
  weight(name: string, use: 'plain' | 'conv' | 'depthwise' = 'plain'): string {
    const weight: ExportWeight | undefined = this.graph.weights.get(name);
    if (!weight) throw new Error(`onnx export: no weight ${name}`);
    if (weight.dtype === 'int32') return this.initializer(name, weight.shape, OnnxDataType.INT32, weight.data as Int32Array);
    const data = weight.data as Float32Array;
    if (use === 'plain') return this.initializer(name, weight.shape, OnnxDataType.FLOAT, data);
    const [kh, kw, c, m] = weight.shape;
    if (use === 'conv') return this.initializer(name, [m, c, kh, kw], OnnxDataType.FLOAT, transposeData(data, weight.shape, [3, 2, 0, 1]));
    return this.initializer(name, [c * m, 1, kh, kw], OnnxDataType.FLOAT, transposeData(data, weight.shape, [2, 3, 0, 1]));
  }

  /** A value read by an op: a graph value, or a weight (scalar constants of element-wise ops). */
  value(name: string): string {
    return this.graph.weights.has(name) ? this.weight(name) : name;
  }

  op(op: ExportOp): void {
    switch (op.kind) {
      case 'conv': {
        const shape = this.graph.weights.get(op.kernel)!.shape;
        const inputs = [op.input, this.weight(op.kernel, op.depthwise ? 'depthwise' : 'conv')];
        if (op.bias) inputs.push(this.weight(op.bias));
        const attributes = [
          ints('kernel_shape', [shape[0], shape[1]]),
          ints('strides', op.strides),
          ints('dilations', [1, 1]),
          int('group', op.depthwise ? shape[2] : 1),
          // SAME_UPPER pads like TensorFlow's SAME: the odd pixel goes at the end.
          text('auto_pad', op.padding === 'same' ? 'SAME_UPPER' : 'VALID'),
        ];
        if (!op.activation) {
          this.node('Conv', inputs, op.name, attributes);
          return;
        }
        const convolved = this.node('Conv', inputs, `${op.name}/conv`, attributes);
        this.activation(op.activation, convolved, op.name);
        return;
      }
      case 'add':
      case 'sub':
      case 'mul':
        this.node({ add: 'Add', sub: 'Sub', mul: 'Mul' }[op.kind], op.inputs.map((input) => this.value(input)), op.name);
        return;
      case 'relu':
      case 'relu6':
        this.activation(op.kind, op.input, op.name);
        return;
      case 'sigmoid':
        this.node('Sigmoid', [op.input], op.name);
        return;
      case 'identity':
        this.node('Identity', [op.input], op.name);
        return;
      case 'spatialMean':
        this.node('ReduceMean', [op.input], op.name, [ints('axes', [2, 3]), int('keepdims', 1)]);
        return;
      case 'resizeLike': {
        // Output sizes: batch and channels of the input, height and width of `like` (Shape start/end, opset 15+).
        const keep = this.node('Shape', [op.input], `${op.name}/batch_channels`, [int('start', 0), int('end', 2)]);
        const spatial = this.node('Shape', [this.nchw(op.like)], `${op.name}/height_width`, [int('start', 2)]);
        const sizes = this.node('Concat', [keep, spatial], `${op.name}/sizes`, [int('axis', 0)]);
        this.node('Resize', [op.input, '', '', sizes], op.name, [text('mode', 'linear'), text('coordinate_transformation_mode', 'half_pixel')]);
        return;
      }
      case 'classIds': {
        const index = this.node('ArgMax', [op.input], `${op.name}/index`, [int('axis', 1), int('keepdims', 0)]);
        this.node('Gather', [this.weight(op.ids), index], op.name, [int('axis', 0)]);
        return;
      }
    }
  }

  private activation(kind: 'relu' | 'relu6', input: string, output: string): void {
    if (kind === 'relu') {
      this.node('Relu', [input], output);
      return;
    }
    const low = this.initializer('constant/zero', [], OnnxDataType.FLOAT, Float32Array.of(0));
    const high = this.initializer('constant/six', [], OnnxDataType.FLOAT, Float32Array.of(6));
    this.node('Clip', [input, low, high], output);
  }

  /** The NCHW value of a graph value (the graph input arrives NHWC and is transposed once). */
  nchw(name: string): string {
    return name === GRAPH_INPUT ? NCHW_INPUT : name;
  }
}

const NCHW_INPUT = 'image/nchw';

function tensorType(elemType: number, dims: (number | string)[]) {
  return { tensorType: { elemType, shape: { dim: dims.map((dim) => (typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim })) } } };
}

/** model.onnx bytes; `metadata` goes into metadata_props (e.g. segadapt.json as text). */
export function encodeOnnxModel(graph: ExportGraph, metadata: Record<string, string>, producerVersion: string): Uint8Array {
  const writer = new OnnxGraphWriter(graph);
  writer.node('Transpose', [GRAPH_INPUT], NCHW_INPUT, [ints('perm', [0, 3, 1, 2])]);
  for (const op of graph.ops) {
    const rewired = 'inputs' in op ? { ...op, inputs: op.inputs.map((input) => writer.nchw(input)) } : { ...op, input: writer.nchw(op.input) };
    writer.op(rewired as ExportOp);
  }
  writer.node('Transpose', [graph.outputs.logits], LOGITS_OUTPUT, [ints('perm', [0, 2, 3, 1])]);
  writer.node('Identity', [graph.outputs.mask], MASK_OUTPUT);
  const model = {
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    producerName: 'SegAdapt',
    producerVersion,
    graph: {
      name: 'segadapt',
      node: writer.nodes,
      initializer: writer.initializers,
      input: [{ name: GRAPH_INPUT, type: tensorType(OnnxDataType.FLOAT, ['batch', 'height', 'width', 3]), docString: 'RGB pixels 0..255, NHWC; height and width multiples of 32' }],
      output: [
        { name: LOGITS_OUTPUT, type: tensorType(OnnxDataType.FLOAT, ['batch', 'height', 'width', graph.classCount]), docString: 'per-class logits, NHWC' },
        { name: MASK_OUTPUT, type: tensorType(OnnxDataType.INT32, ['batch', 'height', 'width']), docString: 'class id per pixel' },
      ],
    },
    metadataProps: Object.entries(metadata).map(([key, value]) => ({ key, value })),
  };
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`onnx export: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** metadata_props of a model.onnx (what encodeOnnxModel was given). */
export function readOnnxMetadata(bytes: Uint8Array): Record<string, string> {
  const decoded = ModelProto.toObject(ModelProto.decode(bytes), { defaults: false }) as { metadataProps?: { key: string; value: string }[] };
  return Object.fromEntries((decoded.metadataProps ?? []).map(({ key, value }) => [key, value]));
}
