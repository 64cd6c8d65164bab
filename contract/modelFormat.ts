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
}
