// Runs an exported TensorFlow.js graph model the way a user's own program would: only the public tfjs
// packages (core, the plain JavaScript cpu backend, converter), no SegAdapt code.
// argv: model.json path, input .bin (float32 NHWC), height, width; writes logits and mask beside the input.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';

const [modelJson, inputFile, height, width] = process.argv.slice(2);
await tf.setBackend('cpu');
const json = JSON.parse(readFileSync(modelJson, 'utf8'));
const shards = json.weightsManifest.flatMap((group) => group.paths.map((name) => readFileSync(path.join(path.dirname(modelJson), name))));
const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
const weightSpecs = json.weightsManifest.flatMap((group) => group.weights);
const model = await loadGraphModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs, weightData, signature: json.signature }));
const input = new Float32Array(new Uint8Array(readFileSync(inputFile)).buffer);
const image = tf.tensor4d(input, [1, Number(height), Number(width), 3]);
const [logits, mask] = model.execute({ image }, ['logits', 'mask']);
writeFileSync(`${inputFile}.logits`, new Uint8Array(logits.dataSync().buffer));
writeFileSync(`${inputFile}.mask`, new Uint8Array(mask.dataSync().buffer));
console.log(JSON.stringify({ backend: tf.getBackend(), logits: logits.shape, mask: mask.shape, maskDtype: mask.dtype }));
