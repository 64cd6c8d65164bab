// An adapted model on disk: segadapt.json (contract/modelFormat.ts), adapted.json (what the engine needs
// to rebuild it: backbone split, decoder shape, init seed), adapter.bin (the method's trained tensors) and
// decoder.bin. Read and written through engine/files (written whole: a folder is the old model or the new one).

import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { MODEL_FORMAT_VERSION, MODEL_METADATA_FILE, type ModelMetadata } from '../../contract/modelFormat';
import { ModelFolderError, parseEngineDescription, parseModelMetadata } from './validateModelFiles';
import { getBackbone, listBackbones } from '../backbone/registry';
import { backboneChecksum } from '../export/baseChecksum';
import type { DecoderConfig } from '../decoder/fpnLiteDecoder';
import { initDecoder } from '../decoder/fpnLiteDecoder';
import { decodeMethodState, encodeMethodState, restoreTrainable } from '../peft/methodStateFile';
import { getMethod } from '../peft/registry';
import { engineFiles } from '../files/engineFiles';
import type { AdaptedModel } from './adaptedModel';

export const ENGINE_FILE = 'adapted.json';
export const ADAPTER_FILE = 'adapter.bin';
export const DECODER_FILE = 'decoder.bin';

export interface EngineDescription {
  backbone: string;
  firstAdaptedBlock: string;
  decoder: DecoderConfig;
  /** Seed given to method.init: buffers (e.g. SVD factors) are recomputed from the base weights with it. */
  initSeed: number;
}

export interface ModelFiles {
  metadata: ModelMetadata;
  files: { name: string; data: Uint8Array }[];
}

export function modelFiles(model: AdaptedModel, metadata: Omit<ModelMetadata, 'formatVersion' | 'baseModel' | 'method' | 'methodConfig' | 'classes' | 'inputSize' | 'normalisation'>, initSeed: number): ModelFiles {
  const full: ModelMetadata = {
    formatVersion: MODEL_FORMAT_VERSION,
    ...metadata,
    baseModel: model.backbone.id,
    method: model.method.name,
    methodConfig: model.methodConfig as Record<string, unknown>,
    classes: model.classes,
    inputSize: model.inputSize,
    normalisation: model.backbone.normalisation,
  };
  const engine: EngineDescription = { backbone: model.backbone.id, firstAdaptedBlock: model.firstAdaptedBlock, decoder: model.decoderConfig, initSeed };
  const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
  return {
    metadata: full,
    files: [
      { name: MODEL_METADATA_FILE, data: json(full) },
      { name: ENGINE_FILE, data: json(engine) },
      { name: ADAPTER_FILE, data: encodeMethodState(model.method.name, model.state.trainable) },
      { name: DECODER_FILE, data: encodeMethodState('decoder', model.decoder) },
    ],
  };
}

/** Reads a file of a model folder, null when missing: engineFiles() by default, or files held in memory. */
export type ModelFileReader = (folder: string, name: string) => Promise<Uint8Array | null>;

const fromEngineFiles: ModelFileReader = (folder, name) => engineFiles().readModelFile(folder, name);

export async function readModelMetadata(folder: string, read: ModelFileReader = fromEngineFiles): Promise<ModelMetadata> {
  const bytes = await read(folder, MODEL_METADATA_FILE);
  if (bytes === null) throw new ModelFolderError(`${folder}: not an adapted model folder (no ${MODEL_METADATA_FILE})`);
  return parseModelMetadata(new TextDecoder().decode(bytes), path.join(folder, MODEL_METADATA_FILE));
}

/** A file of the model folder; a missing or unreadable one fails naming it. */
export async function readModelFileOrFail(folder: string, name: string, read: ModelFileReader = fromEngineFiles): Promise<Uint8Array> {
  const file = path.join(folder, name);
  let bytes: Uint8Array | null;
  try {
    bytes = await read(folder, name);
  } catch (error) {
    throw new ModelFolderError(`${file}: missing or unreadable (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  if (bytes === null) throw new ModelFolderError(`${file}: missing or unreadable (ENOENT)`);
  return bytes;
}

async function readMethodStateFile(folder: string, name: string, read: ModelFileReader): Promise<ReturnType<typeof decodeMethodState>> {
  const bytes = await readModelFileOrFail(folder, name, read);
  try {
    return decodeMethodState(bytes);
  } catch (error) {
    throw new ModelFolderError(`${path.join(folder, name)}: ${error instanceof Error ? error.message : error}`);
  }
}

/** Rebuilds an adapted model from its folder: the base backbone, method init with the saved seed, trained tensors. */
export async function loadModelFolder(folder: string, read: ModelFileReader = fromEngineFiles): Promise<{ model: AdaptedModel; metadata: ModelMetadata }> {
  const metadata = await readModelMetadata(folder, read);
  const engineFile = path.join(folder, ENGINE_FILE);
  const engine = parseEngineDescription(new TextDecoder().decode(await readModelFileOrFail(folder, ENGINE_FILE, read)), engineFile);
  if (engine.backbone !== metadata.baseModel) throw new ModelFolderError(`${engineFile}: backbone ${engine.backbone} differs from ${MODEL_METADATA_FILE}'s baseModel ${metadata.baseModel}`);
  const metadataFile = path.join(folder, MODEL_METADATA_FILE);
  if (!listBackbones().includes(engine.backbone)) throw new ModelFolderError(`${metadataFile}: base model ${engine.backbone} is not available here (known: ${listBackbones().join(', ')}); an adapter applies only to its own base model`);
  const backbone = await getBackbone(engine.backbone);
  // Written by export: the adapter's tensors fit only the exact weights they were trained on.
  if (metadata.baseModelChecksum !== undefined && metadata.baseModelChecksum !== backboneChecksum(backbone)) {
    throw new ModelFolderError(`${metadataFile}: this adapter was trained on other weights of ${engine.backbone} (checksum ${metadata.baseModelChecksum.slice(0, 19)}..., installed ${backboneChecksum(backbone).slice(0, 19)}...); refusing to apply it to a different base model`);
  }
  const method = getMethod(metadata.method);
  const methodConfig = { ...method.defaultConfig, ...(metadata.methodConfig ?? {}) };
  const target = backbone.adaptTarget(engine.firstAdaptedBlock);
  const adapter = await readMethodStateFile(folder, ADAPTER_FILE, read);
  let decoderFile;
  try {
    decoderFile = await readMethodStateFile(folder, DECODER_FILE, read);
  } catch (error) {
    tf.dispose(Object.values(adapter.trainable));
    throw error;
  }
  const fresh = method.init(backbone.frozen, target, methodConfig, engine.initSeed);
  let state;
  try {
    state = restoreTrainable(fresh, adapter.trainable);
  } catch (error) {
    tf.dispose([...Object.values(fresh.trainable), ...Object.values(fresh.buffers), ...Object.values(adapter.trainable), ...Object.values(decoderFile.trainable)]);
    throw new ModelFolderError(`${path.join(folder, ADAPTER_FILE)}: ${error instanceof Error ? error.message : error}`);
  }
  const expectedDecoder = initDecoder(backbone.taps, metadata.classes.length, engine.decoder, 0);
  const fits = Object.keys(expectedDecoder).every((key) => decoderFile.trainable[key] && tf.util.arraysEqual(decoderFile.trainable[key].shape, expectedDecoder[key].shape));
  tf.dispose(Object.values(expectedDecoder));
  if (!fits) {
    tf.dispose([...Object.values(state.trainable), ...Object.values(state.buffers), ...Object.values(decoderFile.trainable)]);
    throw new ModelFolderError(`${path.join(folder, DECODER_FILE)}: decoder tensors do not fit ${metadata.classes.length} classes`);
  }
  return {
    metadata,
    model: {
      backbone,
      method,
      methodConfig,
      firstAdaptedBlock: engine.firstAdaptedBlock,
      target,
      state,
      decoder: decoderFile.trainable,
      decoderConfig: engine.decoder,
      classes: metadata.classes,
      inputSize: metadata.inputSize,
    },
  };
}
