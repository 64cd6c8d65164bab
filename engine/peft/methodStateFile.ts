// The bytes of a method's trained tensors (MethodState.trainable): what the model store and the
// `adapter` export keep. Buffers are not stored: `init` recomputes them from the base weights.
//
// Layout: "SGADAPT1" (8 bytes) | header length in bytes (uint32 LE) | JSON header (UTF-8) | zero padding to
// a multiple of 4 | float32 little-endian values of each tensor in header order.
// Header: {"method": "...", "tensors": [{"name": "...", "shape": [..], "dtype": "float32"}, ...]}.

import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../model/params';
import type { MethodState } from './peftMethod';

const MAGIC = 'SGADAPT1';

export interface MethodStateTensorSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface MethodStateFileHeader {
  method: string;
  tensors: MethodStateTensorSpec[];
}

const littleEndian = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function writeFloats(target: DataView, offset: number, values: Float32Array): void {
  if (littleEndian) {
    new Uint8Array(target.buffer, target.byteOffset + offset, values.byteLength).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    return;
  }
  for (let i = 0; i < values.length; i++) target.setFloat32(offset + 4 * i, values[i], true);
}

function readFloats(source: DataView, offset: number, count: number): Float32Array {
  const values = new Float32Array(count);
  if (littleEndian) {
    new Uint8Array(values.buffer).set(new Uint8Array(source.buffer, source.byteOffset + offset, 4 * count));
    return values;
  }
  for (let i = 0; i < count; i++) values[i] = source.getFloat32(offset + 4 * i, true);
  return values;
}

/** Serialises trained tensors (sorted by name, so equal states give equal bytes). */
export function encodeMethodState(method: string, trainable: ParamMap): Uint8Array {
  const names = Object.keys(trainable).sort();
  const header: MethodStateFileHeader = {
    method,
    tensors: names.map((name) => {
      const tensor = trainable[name];
      if (tensor.dtype !== 'float32') throw new Error(`method tensor ${name} is ${tensor.dtype}; only float32 is stored`);
      return { name, shape: [...tensor.shape], dtype: 'float32' as const };
    }),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const dataStart = Math.ceil((MAGIC.length + 4 + headerBytes.length) / 4) * 4;
  const dataBytes = names.reduce((total, name) => total + 4 * trainable[name].size, 0);
  const bytes = new Uint8Array(dataStart + dataBytes);
  const view = new DataView(bytes.buffer);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  view.setUint32(MAGIC.length, headerBytes.length, true);
  bytes.set(headerBytes, MAGIC.length + 4);
  let offset = dataStart;
  for (const name of names) {
    const values = trainable[name].dataSync() as Float32Array;
    writeFloats(view, offset, values);
    offset += values.byteLength;
  }
  return bytes;
}

/** Parses bytes written by encodeMethodState; throws a one-line reason on anything malformed. */
export function decodeMethodState(bytes: Uint8Array): { method: string; trainable: ParamMap } {
  const fail = (why: string): never => { throw new Error(`not a SegAdapt method state file: ${why}`); };
  if (bytes.length < MAGIC.length + 4) fail('too short');
  if (new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) fail('wrong magic bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = view.getUint32(MAGIC.length, true);
  if (MAGIC.length + 4 + headerLength > bytes.length) fail('header runs past the end');
  let header: MethodStateFileHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, MAGIC.length + 4 + headerLength))) as MethodStateFileHeader;
  } catch {
    return fail('header is not JSON');
  }
  if (typeof header.method !== 'string' || !Array.isArray(header.tensors)) fail('header lacks method or tensors');
  let offset = Math.ceil((MAGIC.length + 4 + headerLength) / 4) * 4;
  const specs = header.tensors.map((spec) => {
    const valid = typeof spec.name === 'string' && spec.dtype === 'float32' && Array.isArray(spec.shape)
      && spec.shape.every((d) => Number.isInteger(d) && d >= 0);
    if (!valid) fail(`bad tensor entry ${JSON.stringify(spec).slice(0, 80)}`);
    const size = spec.shape.reduce((a, b) => a * b, 1);
    const start = offset;
    offset += 4 * size;
    if (offset > bytes.length) fail(`tensor ${spec.name} runs past the end`);
    return { spec, start, size };
  });
  if (offset !== bytes.length) fail(`${bytes.length - offset} trailing bytes`);
  if (new Set(specs.map(({ spec }) => spec.name)).size !== specs.length) fail('a tensor name appears twice');
  const values = specs.map(({ spec, start, size }) => {
    const floats = readFloats(view, start, size);
    if (!floats.every(Number.isFinite)) fail(`tensor ${spec.name} holds NaN or infinite values`);
    return floats;
  });
  const trainable: ParamMap = {};
  specs.forEach(({ spec }, i) => (trainable[spec.name] = tf.tensor(values[i], spec.shape, 'float32')));
  return { method: header.method, trainable };
}

/**
 * A state with the loaded trained tensors in place of a fresh init's (whose trainable tensors are disposed);
 * names and shapes must match exactly, so an adapter is never applied to the wrong base or config.
 */
export function restoreTrainable(fresh: MethodState, loaded: ParamMap): MethodState {
  const expected = Object.keys(fresh.trainable).sort();
  const got = Object.keys(loaded).sort();
  const mismatch = expected.length !== got.length || expected.some((name, i) => name !== got[i]
    || !tf.util.arraysEqual(fresh.trainable[name].shape, loaded[name].shape));
  if (mismatch) throw new Error(`method state does not fit this model: expected ${expected.length} tensors (${expected.slice(0, 3).join(', ')}...), got ${got.length}`);
  tf.dispose(Object.values(fresh.trainable));
  return { trainable: loaded, buffers: fresh.buffers };
}
