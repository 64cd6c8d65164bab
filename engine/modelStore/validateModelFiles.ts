// Checks what a model folder's JSON files say before anything is allocated from it: a hand-edited or
// damaged folder (a decoder a billion channels wide, an input size of 0, classes that are not a list) is
// refused with the file and the field, never turned into a crash or an allocation that exhausts memory.

import { MODEL_FORMAT_VERSION, type ModelMetadata } from '../../contract/modelFormat';
import { METHOD_NAMES } from '../../contract/jobs';
import type { EngineDescription } from './modelFolder';

/** A model folder that cannot be used, with the file and the problem in one line. */
export class ModelFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelFolderError';
  }
}

/** Widest decoder accepted from a file; the default is 64, the widest trained here 256. */
export const MAX_DECODER_WIDTH = 1024;

type Fields = Record<string, unknown>;

function parseObject(text: string, file: string): Fields {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ModelFolderError(`${file}: not valid JSON (${error instanceof Error ? error.message : error})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ModelFolderError(`${file}: must hold a JSON object`);
  return value as Fields;
}

const isInteger = (value: unknown, min: number, max: number): value is number => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

export function parseModelMetadata(text: string, file: string): ModelMetadata {
  const metadata = parseObject(text, file);
  const bad = (what: string): never => {
    throw new ModelFolderError(`${file}: ${what}`);
  };
  if (metadata.formatVersion !== MODEL_FORMAT_VERSION) bad(`format version ${metadata.formatVersion} is not supported (expected ${MODEL_FORMAT_VERSION})`);
  if (typeof metadata.id !== 'string' || typeof metadata.baseModel !== 'string') bad('"id" and "baseModel" must be strings');
  if (!(METHOD_NAMES as readonly unknown[]).includes(metadata.method)) bad(`"method" must be one of ${METHOD_NAMES.join(', ')}`);
  if (!isInteger(metadata.inputSize, 64, 2048) || metadata.inputSize % 32 !== 0) bad('"inputSize" must be a multiple of 32 in 64..2048');
  const classes = metadata.classes;
  if (!Array.isArray(classes) || classes.length < 2 || classes.length > 255) bad('"classes" must list 2 to 255 classes');
  for (const [i, spec] of (classes as unknown[]).entries()) {
    const entry = spec as Fields | null;
    if (!entry || !isInteger(entry.id, 0, 254) || typeof entry.name !== 'string') bad(`classes[${i}] needs an id in 0..254 and a name`);
  }
  const normalisation = metadata.normalisation as Fields | undefined;
  if (!normalisation || !Number.isFinite(normalisation.scale) || !Number.isFinite(normalisation.offset)) bad('"normalisation" needs finite scale and offset');
  if (metadata.methodConfig !== undefined && (typeof metadata.methodConfig !== 'object' || metadata.methodConfig === null || Array.isArray(metadata.methodConfig))) bad('"methodConfig" must be an object');
  return metadata as unknown as ModelMetadata;
}

export function parseEngineDescription(text: string, file: string): EngineDescription {
  const engine = parseObject(text, file);
  const bad = (what: string): never => {
    throw new ModelFolderError(`${file}: ${what}`);
  };
  if (typeof engine.backbone !== 'string' || typeof engine.firstAdaptedBlock !== 'string') bad('"backbone" and "firstAdaptedBlock" must be strings');
  const decoder = engine.decoder as Fields | undefined;
  if (!decoder || !isInteger(decoder.width, 1, MAX_DECODER_WIDTH)) bad(`"decoder.width" must be an integer in 1..${MAX_DECODER_WIDTH}`);
  if (!isInteger(engine.initSeed, -(2 ** 31), 2 ** 32)) bad('"initSeed" must be an integer');
  return engine as unknown as EngineDescription;
}
