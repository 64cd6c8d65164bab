// Runs an exported model.onnx headless with onnxruntime-node (CPU), preparing each image as the app does
// (engine/predict/segmentImage.ts) and giving the same kind of prediction: mask, confidence, instances.

import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import type { InferenceSession } from 'onnxruntime-node';
import type { ImagePrediction } from '../../contract/jobs';
import type { ModelMetadata } from '../../contract/modelFormat';
import type { RgbImage } from '../data/decodedImage';
import { resizeBilinear } from '../decoder/bilinearUpsample';
import { GRAPH_INPUT, LOGITS_OUTPUT } from '../export/exportGraph';
import { ONNX_METADATA_KEY } from '../export/exportModel';
import { readOnnxMetadata } from '../export/onnxModel';
import { ModelFolderError, parseModelMetadata } from '../modelStore/validateModelFiles';
import { extractInstances } from './instances';
import { modelInput, type Segmentation } from './segmentImage';

export interface OnnxSegmenter {
  file: string;
  metadata: ModelMetadata;
  session: InferenceSession;
}

/** Loaded only here: the app and the other commands never need the native runtime (a dev dependency). */
async function onnxRuntime(): Promise<typeof import('onnxruntime-node')> {
  try {
    return await import('onnxruntime-node');
  } catch {
    throw new ModelFolderError('onnxruntime-node is not installed: run ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node (the CPU build) to run model.onnx');
  }
}

export async function loadOnnxSegmenter(file: string): Promise<OnnxSegmenter> {
  const bytes = new Uint8Array(await readFile(file));
  let properties: Record<string, string>;
  try {
    properties = readOnnxMetadata(bytes);
  } catch (error) {
    throw new ModelFolderError(`${file}: not an ONNX model (${error instanceof Error ? error.message : error})`);
  }
  const text = properties[ONNX_METADATA_KEY];
  if (!text) throw new ModelFolderError(`${file}: not exported by SegAdapt (no "${ONNX_METADATA_KEY}" metadata in the file)`);
  const metadata = parseModelMetadata(text, `${file} (metadata "${ONNX_METADATA_KEY}")`);
  const ort = await onnxRuntime();
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(bytes, { executionProviders: ['cpu'] });
  } catch (error) {
    throw new ModelFolderError(`${file}: onnxruntime cannot load it (${error instanceof Error ? error.message.split('\n')[0] : error})`);
  }
  return { file, metadata, session };
}

/** Per-pixel class index and confidence at the image's resolution, from model.onnx. */
export async function segmentWithOnnx(segmenter: OnnxSegmenter, image: RgbImage): Promise<Segmentation> {
  const { metadata, session } = segmenter;
  const ort = await onnxRuntime();
  const multiple = metadata.export?.input.sizeMultiple ?? 32;
  // The network normalises by itself: it is fed raw pixels.
  const { input, resizedWidth, resizedHeight } = modelInput(image, metadata.inputSize, multiple, { scale: 1, offset: 0 });
  const shape = [...input.shape];
  const pixels = (await input.data()) as Float32Array;
  input.dispose();
  const outputs = await session.run({ [GRAPH_INPUT]: new ort.Tensor('float32', pixels, shape) });
  const logits = outputs[LOGITS_OUTPUT];
  const [classIndexTensor, confidenceTensor] = tf.tidy(() => {
    const full = tf.tensor4d(logits.data as Float32Array, logits.dims as [number, number, number, number]);
    // Each image pixel samples the logits where its resized position falls (the padding is never sampled).
    const probabilities = tf.softmax(resizeBilinear(full, image.height, image.width, resizedHeight / image.height, resizedWidth / image.width));
    return [tf.argMax(probabilities, 3), tf.max(probabilities, 3)];
  });
  for (const value of Object.values(outputs)) value.dispose();
  const classIndex = Uint8Array.from(await classIndexTensor.data());
  const confidence = (await confidenceTensor.data()) as Float32Array;
  tf.dispose([classIndexTensor, confidenceTensor]);
  // Models exported before outputStride was written: this backbone's decoder grid.
  const outputStride = metadata.export?.outputStride ?? 4;
  return { width: image.width, height: image.height, classIndex, confidence, cellSize: (outputStride * image.height) / resizedHeight };
}

export async function predictWithOnnx(segmenter: OnnxSegmenter, name: string, image: RgbImage): Promise<ImagePrediction> {
  const segmentation = await segmentWithOnnx(segmenter, image);
  const classes = segmenter.metadata.classes;
  const data = new Uint8Array(segmentation.classIndex.length);
  let confidence = 0;
  for (let i = 0; i < data.length; i++) {
    data[i] = classes[segmentation.classIndex[i]].id;
    confidence += segmentation.confidence[i];
  }
  return {
    name,
    mask: { width: image.width, height: image.height, data },
    confidence: confidence / data.length,
    instances: extractInstances(segmentation, classes),
  };
}
