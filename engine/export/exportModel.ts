// A model folder -> the files of an export folder: model.onnx, the TensorFlow.js graph model, the adapter
// (the model folder's own trained tensors, re-applicable to the same base), segadapt.json and README.txt.
// Nothing is written here (the caller writes the folder whole); no tensor outlives the call.

import { MODEL_METADATA_FILE, type ExportedModelDescription, type ModelMetadata } from '../../contract/modelFormat';
import { disposeModelTensors, type AdaptedModel } from '../modelStore/adaptedModel';
import { ADAPTER_FILE, DECODER_FILE, ENGINE_FILE, loadModelFolder, readModelFileOrFail } from '../modelStore/modelFolder';
import type { FolderFile } from '../output/replaceFolder';
import { backboneChecksum } from './baseChecksum';
import { buildExportGraph, GRAPH_INPUT, LOGITS_OUTPUT, MASK_OUTPUT } from './exportGraph';
import { exportReadme } from './exportReadme';
import { encodeOnnxModel, ONNX_OPSET } from './onnxModel';
import { encodeTfjsGraphModel } from './tfjsGraphModel';

export const MODEL_EXPORT_FORMATS = ['onnx', 'tfjs', 'adapter', 'all'] as const;
export type ModelExportFormat = (typeof MODEL_EXPORT_FORMATS)[number];

export const ONNX_FILE = 'model.onnx';
export const README_FILE = 'README.txt';
/** metadata_props key of model.onnx holding segadapt.json. */
export const ONNX_METADATA_KEY = 'segadapt';
const PRODUCER = 'SegAdapt';

// Colours for classes that have none (the app's palette order is its own; these only make the file complete).
const PALETTE = ['#000000', '#e6194b', '#3cb44b', '#ffe119', '#4363d8', '#f58231', '#911eb4', '#46f0f0', '#f032e6', '#bcf60c', '#fabebe', '#008080'];

export interface ExportOptions {
  /** Called between the formats, so a job can report progress and be cancelled. */
  step?: (done: string) => Promise<void>;
  now?: Date;
}

function describe(model: AdaptedModel, formats: ExportedModelDescription['formats'], files: string[], now: Date): ExportedModelDescription {
  const multiple = model.backbone.sizeMultiple;
  return {
    exportedAt: now.toISOString(),
    formats,
    files,
    input: {
      name: GRAPH_INPUT,
      layout: 'NHWC',
      dtype: 'float32',
      range: [0, 255],
      sizeMultiple: multiple,
      preprocessing: `resize (bilinear) so the longer side is ${model.inputSize} px, not enlarging smaller images; pad bottom and right with zeros to multiples of ${multiple}; crop the outputs back`,
    },
    outputs: [
      { name: LOGITS_OUTPUT, dtype: 'float32', shape: `[batch, height, width, ${model.classes.length}]`, description: 'per-class logits in the order of "classes"' },
      { name: MASK_OUTPUT, dtype: 'int32', shape: '[batch, height, width]', description: 'class id of each pixel (argmax of the logits)' },
    ],
    outputStride: Math.min(...model.backbone.taps.map((tap) => tap.stride)),
    ...(formats.includes('onnx') ? { onnxOpset: ONNX_OPSET } : {}),
  };
}

/** The export folder's files for `format`, from the model folder `folder`. */
export async function exportModelFolderFiles(folder: string, format: ModelExportFormat, options: ExportOptions = {}): Promise<FolderFile[]> {
  const formats: ExportedModelDescription['formats'] = format === 'all' ? ['onnx', 'tfjs', 'adapter'] : [format];
  const { model, metadata } = await loadModelFolder(folder);
  try {
    const checksum = backboneChecksum(model.backbone);
    const classes = metadata.classes.map((spec, i) => ({ ...spec, color: spec.color ?? PALETTE[i % PALETTE.length] }));
    const base: ModelMetadata = { ...metadata, classes, baseModelChecksum: checksum };
    const files: FolderFile[] = [];
    const json = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value, null, 2)}\n`);
    const graph = formats.includes('onnx') || formats.includes('tfjs') ? buildExportGraph(model) : null;
    if (graph) await options.step?.('graph');
    if (graph && formats.includes('tfjs')) {
      files.push(...encodeTfjsGraphModel(graph, { segadapt: base }, PRODUCER));
      await options.step?.('tfjs');
    }
    if (formats.includes('adapter')) {
      for (const name of [ENGINE_FILE, ADAPTER_FILE, DECODER_FILE]) files.push({ name, data: await readModelFileOrFail(folder, name) });
      await options.step?.('adapter');
    }
    const names = [...files.map((file) => file.name), ...(formats.includes('onnx') ? [ONNX_FILE] : []), MODEL_METADATA_FILE, README_FILE].sort();
    const exported: ModelMetadata = { ...base, export: describe(model, formats, names, options.now ?? new Date()) };
    if (graph && formats.includes('onnx')) {
      // segadapt.json rides inside model.onnx too, so that the file alone says how to feed it.
      files.push({ name: ONNX_FILE, data: encodeOnnxModel(graph, { [ONNX_METADATA_KEY]: JSON.stringify(exported) }, PRODUCER) });
      await options.step?.('onnx');
    }
    files.push({ name: MODEL_METADATA_FILE, data: json(exported) });
    files.push({ name: README_FILE, data: new TextEncoder().encode(exportReadme(exported, names)) });
    return files.sort((a, b) => (a.name < b.name ? -1 : 1));
  } finally {
    disposeModelTensors(model);
  }
}
