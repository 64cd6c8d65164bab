// Reads a TensorFlow.js graph model (model.json + weight shards) through a file reader and decodes its
// weights. Nothing is downloaded: backbones ship inside npm packages (engine/files/engineFiles.ts).

import * as tf from '@tensorflow/tfjs-core';

export interface GraphNodeDef {
  name: string;
  op: string;
  input?: string[];
  attr?: Record<string, GraphAttrValue>;
}

export interface GraphAttrValue {
  s?: string;
  i?: string;
  f?: number;
  b?: boolean;
  list?: { s?: string[]; i?: string[] };
  shape?: { dim?: { size: string }[] };
}

export interface GraphModelFile {
  nodes: GraphNodeDef[];
  /** Every weight of the file, decoded to float32/int32 (float16 storage is expanded). Owned by the caller. */
  weights: tf.NamedTensorMap;
  /** The raw pieces, for tf.loadGraphModel(tf.io.fromMemory(...)) in reference checks. */
  artifacts: tf.io.ModelArtifacts;
}

interface ModelJson {
  modelTopology: { node: GraphNodeDef[] } & Record<string, unknown>;
  weightsManifest: tf.io.WeightsManifestConfig;
  signature?: { inputs?: Record<string, { tensorShape?: { dim?: { size: string }[] } }> };
  format?: string;
  generatedBy?: string;
  convertedBy?: string;
}

/** Makes the named placeholder accept any height and width (its dims 1 and 2 become -1). */
function freeSpatialDims(json: ModelJson, inputName: string): void {
  for (const node of json.modelTopology.node) {
    if (node.name === inputName && node.attr?.shape?.shape?.dim) {
      const dims = node.attr.shape.shape.dim;
      dims[1] = { size: '-1' };
      dims[2] = { size: '-1' };
    }
  }
  const dims = json.signature?.inputs?.[inputName]?.tensorShape?.dim;
  if (dims) {
    dims[1] = { size: '-1' };
    dims[2] = { size: '-1' };
  }
}

/** Reads a file by its '/'-separated path (shards are named relative to model.json's folder). */
export type ReadFile = (file: string) => Promise<Uint8Array>;

export async function readGraphModelFile(read: ReadFile, modelJsonPath: string, inputName: string): Promise<GraphModelFile> {
  const json = JSON.parse(new TextDecoder().decode(await read(modelJsonPath))) as ModelJson;
  freeSpatialDims(json, inputName);
  const folder = modelJsonPath.includes('/') ? modelJsonPath.slice(0, modelJsonPath.lastIndexOf('/') + 1) : '';
  const shards: Uint8Array[] = [];
  const weightSpecs: tf.io.WeightsManifestEntry[] = [];
  for (const group of json.weightsManifest) {
    for (const shard of group.paths) shards.push(await read(folder + shard));
    weightSpecs.push(...group.weights);
  }
  const total = shards.reduce((sum, shard) => sum + shard.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weightData.set(shard, offset);
    offset += shard.byteLength;
  }
  const weights = tf.io.decodeWeights(weightData.buffer, weightSpecs);
  return {
    nodes: json.modelTopology.node,
    weights,
    artifacts: {
      modelTopology: json.modelTopology,
      weightSpecs,
      weightData: weightData.buffer,
      format: json.format,
      generatedBy: json.generatedBy,
      convertedBy: json.convertedBy,
      signature: json.signature,
    },
  };
}
