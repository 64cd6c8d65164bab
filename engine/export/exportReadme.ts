// README.txt of an exported model folder: what each file is, what the network takes and gives, and a
// ten-line Node example that runs model.onnx with onnxruntime-node.

import type { ModelMetadata } from '../../contract/modelFormat';
import { ONNX_OPSET } from './onnxModel';

const ONNX_EXAMPLE = `const ort = require('onnxruntime-node');  // npm install onnxruntime-node
async function main() {
  const session = await ort.InferenceSession.create('model.onnx');
  const [height, width] = [HEIGHT, WIDTH];  // multiples of 32
  const pixels = new Float32Array(height * width * 3);  // fill with RGB 0..255, row by row (e.g. from pngjs)
  const { logits, mask } = await session.run({ image: new ort.Tensor('float32', pixels, [1, height, width, 3]) });
  const counts = {};
  for (const id of mask.data) counts[id] = (counts[id] ?? 0) + 1;
  console.log(logits.dims, counts);  // [1, height, width, CLASSES], pixels per class id
}
main();`;

export function exportReadme(metadata: ModelMetadata, files: string[]): string {
  const description = metadata.export!;
  const side = metadata.inputSize;
  const lines = [
    `SegAdapt model "${metadata.name}" (${metadata.id}), exported ${description.exportedAt}`,
    `Base model ${metadata.baseModel}, adapted with ${metadata.method} (${metadata.trainableParams} trained parameters).`,
    '',
    'Classes (id, name, colour):',
    ...metadata.classes.map((spec) => `  ${spec.id}  ${spec.name}  ${spec.color ?? ''}`),
    '',
    'Files:',
    ...files.map((name) => `  ${name}  ${fileRole(name)}`),
    '',
    `Input "image": float32 [batch, height, width, 3], RGB pixel values 0..255 (NHWC); height and width`,
    `must be multiples of ${description.input.sizeMultiple}. The network applies its own normalisation.`,
    `The app resizes an image so its longer side is ${side} px (smaller images are not enlarged), pads the`,
    `bottom and right with zeros to multiples of ${description.input.sizeMultiple}, and crops the outputs back.`,
    'Outputs: "logits" float32 [batch, height, width, classes] (class order as above; softmax gives',
    'probabilities) and "mask" int32 [batch, height, width], the class id of each pixel.',
    '',
    'Run model.onnx in Node (save as run.js beside model.onnx, then node run.js):',
    '',
    ONNX_EXAMPLE.replace('HEIGHT', String(side)).replace('WIDTH', String(side)).replace('CLASSES', String(metadata.classes.length)),
    '',
    'TensorFlow.js: const model = await tf.loadGraphModel(URL_OF_model.json);',
    "  const [logits, mask] = model.execute({ image }, ['logits', 'mask']);",
    '',
    'Headless check with SegAdapt: segadapt predict --model model.onnx --images DIR --out DIR',
    'The adapter (adapter.bin, decoder.bin, adapted.json, segadapt.json) re-applies to the same base model:',
    `segadapt predict --model THIS_FOLDER ... ; another base model (checksum ${metadata.baseModelChecksum?.slice(0, 19)}...) is refused.`,
  ];
  return `${lines.join('\n')}\n`;
}

function fileRole(name: string): string {
  if (name === 'model.onnx') return `ONNX (opset ${ONNX_OPSET}), the whole network`;
  if (name === 'model.json') return 'TensorFlow.js graph model (tf.loadGraphModel)';
  if (/^group\d+-shard\d+of\d+\.bin$/.test(name)) return 'TensorFlow.js weights';
  if (name === 'adapter.bin') return 'adapter: the trained method tensors';
  if (name === 'decoder.bin') return 'adapter: the trained decoder tensors';
  if (name === 'adapted.json') return 'adapter: how to rebuild the model on its base';
  if (name === 'README.txt') return 'this file';
  if (name === 'segadapt.json') return 'classes, input size, normalisation, base model, method, metrics';
  return '';
}
