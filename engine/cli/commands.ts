// The four CLI commands (DESIGN.md, Command line). Each validates everything it reads before writing
// anything, checks its output folder before working (output/checkOutputFolder), and writes it whole.

import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { MAX_UNLABELED_IMAGES, METHOD_NAMES, spreadEvenly, type ImagePrediction, type LabelMask, type MethodName, type TrainingSample } from '../../contract/jobs';
import { loadDataFolder, listImageFiles, DataFolderError } from '../data/dataFolder';
import { decodeImage } from '../data/decodeImage';
import { encodeMaskPng } from '../data/decodeMask';
import type { RgbImage } from '../data/decodedImage';
import { runAdaptJob } from '../jobs/adaptJob';
import { createJobContext } from '../jobs/jobContext';
import { exportModelFolderFiles, MODEL_EXPORT_FORMATS, type ModelExportFormat } from '../export/exportModel';
import { modelFromFolder, predictImage } from '../jobs/predictJob';
import { DEFAULT_METHOD } from '../modelStore/createModel';
import { readModelMetadata } from '../modelStore/modelFolder';
import { checkOutputFolder } from '../output/checkOutputFolder';
import { recoverInterruptedWrite, writeFolderAtomically } from '../output/replaceFolder';
import { iouAccumulator } from '../predict/iou';
import { loadOnnxSegmenter, predictWithOnnx } from '../predict/onnxSegment';
import { segmentImage } from '../predict/segmentImage';
import { integerFlag, parseFlags, UsageError } from './cliArguments';

export interface CommandIo {
  out: (line: string) => void;
  err: (line: string) => void;
  backend: string;
}

async function checkModel(folder: string): Promise<void> {
  await recoverInterruptedWrite(folder);
  if (!existsSync(folder)) throw new UsageError(`--model ${folder}: folder not found`);
  try {
    await readModelMetadata(folder);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

/** Jobs mark "not labeled" with 255 (contract/jobs.ts); a data folder may name another ignore_index. */
function withIgnoreAs255(mask: LabelMask, ignoreIndex: number): LabelMask {
  if (ignoreIndex === 255) return mask;
  const data = mask.data.map((value) => (value === ignoreIndex ? 255 : value));
  return { ...mask, data };
}

/** Masks of only 0 and 255 usually mean an object painted 255, which here means "not labeled". */
function warnBinaryMasksWithIgnore(items: { maskFile?: string; mask?: LabelMask }[], ignoreIndex: number, io: CommandIo): void {
  if (ignoreIndex !== 255) return;
  const masks = items.filter((item) => item.mask);
  if (masks.length === 0) return;
  const onlyZeroAnd255 = masks.every(({ mask }) => mask!.data.every((value) => value === 0 || value === 255) && mask!.data.includes(255));
  if (onlyZeroAnd255) {
    io.err(`segadapt: warning: ${path.dirname(masks[0].maskFile!)}: every mask holds only 0 and 255, and 255 means "not labeled"; if 255 marks your objects, save them as 1 (or set "ignore_index" in classes.json)`);
  }
}

export async function adaptCommand(args: string[], io: CommandIo): Promise<void> {
  const flags = parseFlags('adapt', args, { required: ['data', 'out'], optional: ['method', 'steps', 'size', 'seed', 'backend', 'unlabeled'], switches: ['force'] });
  const method = (flags.get('method') ?? DEFAULT_METHOD) as MethodName;
  if (!METHOD_NAMES.includes(method)) throw new UsageError(`--method must be one of ${METHOD_NAMES.join(', ')}, not "${method}"`);
  const steps = integerFlag(flags, 'steps', 1, 100_000);
  const size = integerFlag(flags, 'size', 64, 2048);
  if (size !== undefined && size % 32 !== 0) throw new UsageError(`--size must be a multiple of 32, not ${size}`);
  const seed = integerFlag(flags, 'seed', 0, 2 ** 31 - 1) ?? 0;
  const unlabeledLimit = integerFlag(flags, 'unlabeled', 0, MAX_UNLABELED_IMAGES) ?? MAX_UNLABELED_IMAGES;
  const out = path.resolve(flags.get('out')!);
  const dataFolder = flags.get('data')!;
  checkOutputFolder({
    flag: '--out',
    out,
    kind: 'model',
    inputs: [{ flag: '--data', path: dataFolder }, { flag: '--data', path: path.join(dataFolder, 'images'), readsFilesInside: true }, { flag: '--data', path: path.join(dataFolder, 'masks'), readsFilesInside: true }],
    force: flags.has('force'),
  });
  const data = loadDataFolder(dataFolder, { requireLabels: true });
  const classesFile = path.join(dataFolder, 'classes.json');
  if (data.classes.length < 2) throw new DataFolderError(`${classesFile}: lists ${data.classes.length} class; adaptation needs at least two (e.g. background and one object class)`);
  const labeled = data.items.filter((item) => item.mask || item.boxes);
  const labeledPixels = (item: (typeof labeled)[number]) => (item.mask ? item.mask.data.some((value) => value !== data.ignoreIndex) : false);
  if (!labeled.some((item) => item.boxes?.length || labeledPixels(item))) {
    throw new DataFolderError(`${path.join(dataFolder, 'masks')}: every mask pixel is ${data.ignoreIndex} (not labeled) and there are no boxes: nothing to train on`);
  }
  warnBinaryMasksWithIgnore(labeled, data.ignoreIndex, io);
  const samples: TrainingSample[] = labeled.map((item) => ({
    image: { name: item.imageFile, bytes: item.imageBytes },
    ...(item.mask ? { mask: withIgnoreAs255(item.mask, data.ignoreIndex) } : {}),
    ...(item.boxes ? { boxes: item.boxes } : {}),
  }));
  const unlabeled = spreadEvenly(
    data.items.filter((item) => !item.mask && !item.boxes),
    unlabeledLimit,
  ).map((item) => ({ name: item.imageFile, bytes: item.imageBytes }));
  let phaseKind = '';
  let reportsInPhase = 0;
  const context = createJobContext({
    jobId: 'cli',
    kind: 'adapt',
    modelsDir: path.dirname(out),
    backend: io.backend,
    signal: new AbortController().signal,
    report: (progress) => {
      // A line for the first report of each phase, then every tenth, and the last step.
      const kind = (progress.phase ?? '').replace(/\d+\/\d+/, '');
      reportsInPhase = kind === phaseKind ? reportsInPhase + 1 : 0;
      phaseKind = kind;
      if (reportsInPhase % 10 === 0 || progress.step === progress.total) {
        const inPhase = progress.phaseStep !== undefined && progress.phaseTotal !== progress.total;
        const steps = inPhase ? `step ${progress.phaseStep}/${progress.phaseTotal}  (${progress.step}/${progress.total} in all)` : `step ${progress.step}/${progress.total}`;
        const parts = [`${progress.phase ?? ''}`, steps];
        if (progress.loss !== undefined) parts.push(`loss ${progress.loss.toFixed(4)}`);
        if (progress.metrics?.heldOutMiou !== undefined) parts.push(`held-out mIoU ${progress.metrics.heldOutMiou.toFixed(3)}`);
        if (progress.etaSeconds !== undefined) parts.push(`eta ${Math.round(progress.etaSeconds)}s`);
        io.out(parts.join('  '));
      }
    },
  });
  const result = await runAdaptJob(
    { kind: 'adapt', modelName: path.basename(out), method, classes: data.classes, samples, steps, size, seed, ...(unlabeled.length ? { unlabeled } : {}) },
    context,
    { outDir: out },
  );
  io.out(JSON.stringify({ method: result.method, trainableParams: result.trainableParams, seconds: Number(result.seconds.toFixed(2)), backend: result.backend, modelId: result.modelId, out, metrics: result.metrics }));
}

function decodeFolderImages(folder: string): { name: string; file: string; image: RgbImage }[] {
  const files = listImageFiles(folder);
  if (files.length === 0) throw new DataFolderError(`${folder}: no images (png, jpg, webp, bmp)`);
  return files.map((file) => {
    const full = path.join(folder, file);
    return { name: path.parse(file).name, file: full, image: decodeImage(new Uint8Array(readFileSync(full)), full) };
  });
}

export async function predictCommand(args: string[], io: CommandIo): Promise<void> {
  const flags = parseFlags('predict', args, { required: ['model', 'images', 'out'], optional: ['backend'], switches: ['force'] });
  const modelPath = flags.get('model')!;
  const onnx = modelPath.toLowerCase().endsWith('.onnx');
  if (onnx) {
    if (!existsSync(modelPath) || !statSync(modelPath).isFile()) throw new UsageError(`--model ${modelPath}: file not found`);
  } else {
    await checkModel(modelPath);
  }
  const out = path.resolve(flags.get('out')!);
  checkOutputFolder({
    flag: '--out',
    out,
    kind: 'predictions',
    inputs: [{ flag: '--model', path: modelPath, readsFilesInside: !onnx }, { flag: '--images', path: flags.get('images')!, readsFilesInside: true }],
    force: flags.has('force'),
  });
  const images = decodeFolderImages(flags.get('images')!);
  let predict: (name: string, image: RgbImage) => Promise<ImagePrediction>;
  let release = () => {};
  if (onnx) {
    const segmenter = await loadOnnxSegmenter(modelPath);
    predict = (name, image) => predictWithOnnx(segmenter, name, image);
    release = () => void segmenter.session.release();
    io.err(`running ${modelPath} with onnxruntime-node (CPU)`);
  } else {
    const model = await modelFromFolder(modelPath);
    predict = (name, image) => predictImage(model, name, image);
  }
  const files: { name: string; data: Uint8Array }[] = [];
  try {
    for (const { name, image } of images) {
      const started = performance.now();
      const prediction = await predict(name, image);
      files.push({ name: `${name}.png`, data: encodeMaskPng(prediction.mask) });
      files.push({ name: `${name}.json`, data: new TextEncoder().encode(`${JSON.stringify({ name, width: image.width, height: image.height, confidence: prediction.confidence, instances: prediction.instances })}\n`) });
      io.err(`${name}: ${prediction.instances.length} instances, confidence ${prediction.confidence.toFixed(3)}, ${Math.round(performance.now() - started)} ms`);
    }
  } finally {
    release();
  }
  await writeFolderAtomically(out, files);
  io.out(`wrote ${images.length} masks and instance files to ${out}`);
}

export async function evalCommand(args: string[], io: CommandIo): Promise<void> {
  const flags = parseFlags('eval', args, { required: ['model', 'data'], optional: ['backend'], switches: ['json'] });
  const modelFolder = flags.get('model')!;
  await checkModel(modelFolder);
  const metadata = await readModelMetadata(modelFolder);
  const data = loadDataFolder(flags.get('data')!, { requireLabels: true });
  const indexOfId = new Map(metadata.classes.map((spec, index) => [spec.id, index]));
  for (const spec of data.classes) {
    if (!indexOfId.has(spec.id)) throw new DataFolderError(`${path.join(flags.get('data')!, 'classes.json')}: class id ${spec.id} (${spec.name}) is not one of the model's classes`);
  }
  const labeled = data.items.filter((item) => item.mask);
  if (labeled.length === 0) throw new DataFolderError(`${flags.get('data')}: no masks to evaluate against`);
  const model = await modelFromFolder(modelFolder);
  const accumulator = iouAccumulator(model.classes.length);
  for (const item of labeled) {
    const segmentation = await segmentImage(model, decodeImage(item.imageBytes, item.imageFile));
    const truth = new Uint8Array(item.mask!.data.length);
    for (let i = 0; i < truth.length; i++) {
      const id = item.mask!.data[i];
      truth[i] = id === data.ignoreIndex ? 255 : indexOfId.get(id)!;
    }
    accumulator.add(segmentation.classIndex, truth);
  }
  const perClass: Record<string, number> = {};
  accumulator.perClass().forEach((iou, index) => {
    if (iou !== null) perClass[model.classes[index].name] = Number(iou.toFixed(6));
  });
  const miou = Number(accumulator.mean().toFixed(6));
  if (flags.has('json')) {
    io.out(JSON.stringify({ miou, perClass, images: labeled.length }));
  } else {
    for (const [name, iou] of Object.entries(perClass)) io.out(`${name.padEnd(24)} IoU ${iou.toFixed(4)}`);
    io.out(`${'mIoU'.padEnd(24)}     ${miou.toFixed(4)}  (${labeled.length} images)`);
  }
}

export async function exportCommand(args: string[], io: CommandIo): Promise<void> {
  const flags = parseFlags('export', args, { required: ['model', 'format', 'out'], optional: ['backend'], switches: ['force'] });
  const format = flags.get('format')! as ModelExportFormat;
  if (!MODEL_EXPORT_FORMATS.includes(format)) throw new UsageError(`--format must be onnx, tfjs, adapter or all, not "${format}"`);
  const modelFolder = flags.get('model')!;
  await checkModel(modelFolder);
  const out = path.resolve(flags.get('out')!);
  checkOutputFolder({ flag: '--out', out, kind: 'model', inputs: [{ flag: '--model', path: modelFolder, readsFilesInside: true }], force: flags.has('force') });
  const files = await exportModelFolderFiles(modelFolder, format);
  await writeFolderAtomically(out, files);
  const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.ceil(bytes / 1e3)} KB`);
  io.out(`wrote ${files.map((f) => `${f.name} (${size(f.data.byteLength)})`).join(', ')} to ${out}`);
}
