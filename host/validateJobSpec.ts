// Checks the shape of a job request from a renderer before it reaches the engine, so a malformed
// request is refused with a message instead of failing somewhere inside a job.

import { ApiError } from '../contract/api';
import { declaredImageSize, oversizeReason } from '../contract/imageDimensions';
import { MAX_UNLABELED_IMAGES, METHOD_NAMES } from '../contract/jobs';
import type { JobSpec } from '../contract/jobs';
import { isModelId } from './models/modelStore';

type Fields = Record<string, unknown>;

function fail(message: string): never {
  throw new ApiError('bad-request', message);
}

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function optionalInteger(spec: Fields, key: string, min: number, max: number): void {
  const value = spec[key];
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) fail(`${key} must be an integer in ${min}..${max}`);
}

function checkImage(image: unknown, where: string): void {
  if (!isObject(image) || typeof image.name !== 'string' || !(image.bytes instanceof Uint8Array)) fail(`${where}: an image needs a name and bytes`);
  if (image.bytes.byteLength === 0) fail(`${where}: image ${image.name} is empty`);
  const oversize = oversizeReason(declaredImageSize(image.bytes));
  if (oversize) fail(`${where}: image ${image.name} ${oversize}`);
}

function checkSample(sample: unknown, index: number, classIds: Set<number>): void {
  const where = `samples[${index}]`;
  if (!isObject(sample)) fail(`${where} must be an object`);
  checkImage(sample.image, where);
  if (sample.mask !== undefined) {
    const mask = sample.mask;
    if (!isObject(mask) || !Number.isInteger(mask.width) || !Number.isInteger(mask.height) || !(mask.data instanceof Uint8Array)) {
      fail(`${where}.mask needs integer width, height and a Uint8Array of class ids`);
    }
    if (mask.data.length !== (mask.width as number) * (mask.height as number)) fail(`${where}.mask has ${mask.data.length} pixels, not ${mask.width}x${mask.height}`);
  }
  if (sample.boxes !== undefined) {
    if (!Array.isArray(sample.boxes)) fail(`${where}.boxes must be a list`);
    for (const box of sample.boxes) {
      if (!isObject(box) || !classIds.has(box.classId as number) || ![box.x, box.y, box.w, box.h].every((v) => typeof v === 'number' && Number.isFinite(v))) {
        fail(`${where}.boxes: each box needs a known classId and finite x, y, w, h`);
      }
    }
  }
  if (sample.mask === undefined && (sample.boxes === undefined || (sample.boxes as unknown[]).length === 0)) fail(`${where} has no labels`);
}

export function validateJobSpec(spec: unknown): JobSpec {
  if (!isObject(spec)) fail('a job needs a specification object');
  switch (spec.kind) {
    case 'selftest':
      if (!Number.isInteger(spec.steps) || !Number.isInteger(spec.matrixSize)) fail('selftest needs integer steps and matrixSize');
      optionalInteger(spec, 'steps', 1, 100_000);
      optionalInteger(spec, 'matrixSize', 1, 4096);
      optionalInteger(spec, 'pauseMs', 0, 60_000);
      break;
    case 'adapt': {
      if (!(METHOD_NAMES as readonly unknown[]).includes(spec.method)) fail(`method must be one of ${METHOD_NAMES.join(', ')}`);
      if (typeof spec.modelName !== 'string' || spec.modelName.trim() === '') fail('adapt needs a model name');
      if (!Array.isArray(spec.classes) || spec.classes.length < 2) fail('adapt needs at least two classes');
      const ids = new Set<number>();
      for (const cls of spec.classes) {
        if (!isObject(cls) || !Number.isInteger(cls.id) || (cls.id as number) < 0 || (cls.id as number) > 254 || typeof cls.name !== 'string') {
          fail('each class needs an id in 0..254 and a name');
        }
        if (ids.has(cls.id as number)) fail(`class id ${cls.id} appears twice`);
        ids.add(cls.id as number);
      }
      if (!Array.isArray(spec.samples) || spec.samples.length === 0) fail('adapt needs at least one labeled image');
      spec.samples.forEach((sample, index) => checkSample(sample, index, ids));
      optionalInteger(spec, 'steps', 1, 100_000);
      optionalInteger(spec, 'size', 32, 2048);
      optionalInteger(spec, 'seed', 0, 2 ** 31 - 1);
      if (spec.fromModelId !== undefined && !isModelId(spec.fromModelId)) fail('fromModelId is not a model id');
      if (spec.unlabeled !== undefined) {
        if (!Array.isArray(spec.unlabeled) || spec.unlabeled.length > MAX_UNLABELED_IMAGES) fail(`unlabeled must be a list of at most ${MAX_UNLABELED_IMAGES} images`);
        spec.unlabeled.forEach((image, index) => checkImage(image, `unlabeled[${index}]`));
      }
      break;
    }
    case 'predict':
      if (!isModelId(spec.modelId)) fail('predict needs a model id');
      if (!Array.isArray(spec.images) || spec.images.length === 0) fail('predict needs at least one image');
      spec.images.forEach((image, index) => checkImage(image, `images[${index}]`));
      break;
    case 'export':
      if (!isModelId(spec.modelId)) fail('export needs a model id');
      if (!['onnx', 'tfjs', 'adapter', 'all'].includes(spec.format as string)) fail('export format must be onnx, tfjs, adapter or all');
      break;
    case 'import':
      fail('a model import starts with the importModel call, which checks its files');
      break;
    default:
      fail(`unknown job kind ${JSON.stringify(spec.kind)}`);
  }
  return spec as unknown as JobSpec;
}
