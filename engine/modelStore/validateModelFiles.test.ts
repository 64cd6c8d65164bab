import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { decodeMethodState, encodeMethodState } from '../peft/methodStateFile';
import { parseEngineDescription, parseModelMetadata } from './validateModelFiles';

const metadata = {
  formatVersion: 1,
  id: 'm1',
  name: 'm',
  baseModel: 'centernet-mobilenetv2',
  method: 'lora',
  classes: [{ id: 0, name: 'background' }, { id: 1, name: 'cell' }],
  inputSize: 256,
  normalisation: { scale: 1, offset: 0 },
};
const engine = { backbone: 'centernet-mobilenetv2', firstAdaptedBlock: 'block_10', decoder: { width: 64 }, initSeed: 0 };

describe('model folder files are checked before anything is built from them', () => {
  it('accepts what the engine writes', () => {
    expect(parseModelMetadata(JSON.stringify(metadata), 'segadapt.json').inputSize).toBe(256);
    expect(parseEngineDescription(JSON.stringify(engine), 'adapted.json').decoder.width).toBe(64);
  });

  it('refuses damaged metadata naming the file and the field', () => {
    const cases: [unknown, RegExp][] = [
      [null, /segadapt.json: must hold a JSON object/],
      [{ ...metadata, inputSize: 0 }, /"inputSize" must be a multiple of 32/],
      [{ ...metadata, inputSize: 1e9 }, /"inputSize"/],
      [{ ...metadata, classes: null }, /"classes" must list 2 to 255 classes/],
      [{ ...metadata, classes: [{ id: 0, name: 'bg' }, null] }, /classes\[1\] needs an id/],
      [{ ...metadata, method: 'magic' }, /"method" must be one of/],
      [{ ...metadata, formatVersion: 9 }, /format version 9 is not supported/],
    ];
    for (const [value, pattern] of cases) expect(() => parseModelMetadata(JSON.stringify(value), 'segadapt.json')).toThrow(pattern);
    expect(() => parseModelMetadata('{"formatVersion": 1,', 'segadapt.json')).toThrow(/segadapt.json: not valid JSON/);
  });

  it('refuses a decoder width that would allocate gigabytes', () => {
    expect(() => parseEngineDescription(JSON.stringify({ ...engine, decoder: { width: 1e9 } }), 'adapted.json')).toThrow(/adapted.json: "decoder.width" must be an integer in 1..1024/);
    expect(() => parseEngineDescription(JSON.stringify({ ...engine, decoder: null }), 'adapted.json')).toThrow(/decoder.width/);
  });

  it('refuses trained tensors holding NaN or infinity, and leaks nothing', () => {
    const before = tf.memory().numTensors;
    const good = tf.tensor([1, 2, 3], [3]);
    const bad = tf.tensor([1, Number.NaN, 3], [3]);
    const file = encodeMethodState('lora', { a: good, b: bad });
    tf.dispose([good, bad]);
    expect(() => decodeMethodState(file)).toThrow(/tensor b holds NaN or infinite values/);
    expect(tf.memory().numTensors).toBe(before);
  });
});
