// `segadapt.json`, the description written beside every adapted model (DESIGN.md, Export).

import type { ClassSpec, MethodName } from './jobs';

export const MODEL_METADATA_FILE = 'segadapt.json';
export const MODEL_FORMAT_VERSION = 1;

export interface ModelMetadata {
  formatVersion: number;
  id: string;
  name: string;
  baseModel: string;
  method: MethodName;
  methodConfig?: Record<string, unknown>;
  classes: ClassSpec[];
  inputSize: number;
  /** Pixel preprocessing the model expects, e.g. { scale: 1, offset: 0 } for raw 0..255. */
  normalisation: { scale: number; offset: number };
  trainableParams: number;
  metrics: Record<string, number>;
  backend: string;
  seconds: number;
  createdAt: string;
  /** Checksum of the base model's weights (`sha256:...`), written by export: an adapter is refused on other weights. */
  baseModelChecksum?: string;
  /** Written by `segadapt export`: what the exported files take and give. */
  export?: ExportedModelDescription;
}

/** The exported network's contract (model.onnx and the TensorFlow.js graph model take and give the same). */
export interface ExportedModelDescription {
  exportedAt: string;
  formats: ('onnx' | 'tfjs' | 'adapter')[];
  files: string[];
  input: {
    name: string;
    layout: 'NHWC';
    dtype: 'float32';
    /** RGB pixel values as read from the image file; the network applies `normalisation` itself. */
    range: [number, number];
    /** Height and width are free but must be multiples of this. */
    sizeMultiple: number;
    /** How the app prepares an image; the network itself accepts any size that is a multiple of sizeMultiple. */
    preprocessing: string;
  };
  outputs: { name: string; dtype: 'float32' | 'int32'; shape: string; description: string }[];
  /** Input pixels per cell of the network's output grid before its final upsampling (finer detail is interpolated). */
  outputStride?: number;
  onnxOpset?: number;
}
