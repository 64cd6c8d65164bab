import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeMethodState, encodeMethodState, restoreTrainable } from './methodStateFile';

describe('method state file', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  const trainable = () => ({ 'svf/a/singularDelta': tf.tensor1d([1.5, -2, 3e-8]), 'svf/b/singularDelta': tf.tensor2d([[0, 1], [2, 3]]) });

  it('round-trips names, shapes and exact float32 values', () => {
    const original = trainable();
    const decoded = decodeMethodState(encodeMethodState('svf', original));
    expect(decoded.method).toBe('svf');
    expect(Object.keys(decoded.trainable).sort()).toEqual(Object.keys(original).sort());
    for (const [key, tensor] of Object.entries(original)) {
      expect(decoded.trainable[key].shape).toEqual(tensor.shape);
      expect([...decoded.trainable[key].dataSync()]).toEqual([...tensor.dataSync()]);
    }
    tf.dispose([...Object.values(original), ...Object.values(decoded.trainable)]);
  });

  it.each([
    ['truncated', (b: Uint8Array) => b.subarray(0, b.length - 4), /runs past the end/],
    ['with trailing bytes', (b: Uint8Array) => Uint8Array.from([...b, 0, 0, 0, 0]), /trailing bytes/],
    ['with other magic bytes', (b: Uint8Array) => Uint8Array.from(b).fill(65, 0, 4), /magic/],
    ['empty', () => new Uint8Array(0), /too short/],
  ])('a file %s is refused with its reason', (_what, corrupt, reason) => {
    const original = trainable();
    const bytes = encodeMethodState('svf', original);
    expect(() => decodeMethodState(corrupt(bytes))).toThrow(reason);
    tf.dispose(Object.values(original));
  });

  it('refuses to restore tensors whose names or shapes differ from a fresh init', () => {
    const fresh = { trainable: trainable(), buffers: {} };
    const wrongShape = { 'svf/a/singularDelta': tf.zeros([4]), 'svf/b/singularDelta': tf.zeros([2, 2]) };
    expect(() => restoreTrainable(fresh, wrongShape)).toThrow(/does not fit/);
    const wrongName = { 'svf/a/singularDelta': tf.zeros([3]), 'svf/c/singularDelta': tf.zeros([2, 2]) };
    expect(() => restoreTrainable(fresh, wrongName)).toThrow(/does not fit/);
    tf.dispose([...Object.values(fresh.trainable), ...Object.values(wrongShape), ...Object.values(wrongName)]);
  });
});
