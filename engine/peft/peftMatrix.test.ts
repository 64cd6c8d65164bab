// One parametrised matrix over every registered PEFT method (after Hugging Face PEFT's
// test_custom_models.py), on a toy conv network, on the wasm backend (with the composed gradient kernels)
// and on the cpu backend.

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES } from '../../contract/jobs';
import { registerWasmTrainingKernels } from '../backend/wasmTrainingKernels';
import { countParams, type ParamMap } from '../model/params';
import { countTrainable } from './countTrainable';
import { decodeMethodState, encodeMethodState, restoreTrainable } from './methodStateFile';
import type { MethodState, PeftMethod } from './peftMethod';
import { getMethod, listMethods } from './registry';
import { adaptedToyForward, TOY_TARGET, toyForward, toyFrozenParams } from './toyNetwork.testSupport';

const SEED = 17;

function maxRelativeDifference(a: tf.Tensor, b: tf.Tensor): number {
  const av = a.dataSync();
  const bv = b.dataSync();
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < bv.length; i++) {
    diff = Math.max(diff, Math.abs(av[i] - bv[i]));
    scale = Math.max(scale, Math.abs(bv[i]));
  }
  return diff / scale;
}

function snapshot(params: ParamMap): Map<string, Float32Array> {
  return new Map(Object.entries(params).map(([key, tensor]) => [key, Float32Array.from(tensor.dataSync())]));
}

function unchanged(params: ParamMap, before: Map<string, Float32Array>): boolean {
  return [...before].every(([key, values]) => !params[key].isDisposed && tf.util.arraysEqual(params[key].dataSync(), values));
}

/** The method's state with trainable tensors as variables, as a training loop holds them. */
function asVariables(state: MethodState): MethodState {
  const trainable: ParamMap = {};
  for (const [key, tensor] of Object.entries(state.trainable)) {
    trainable[key] = tf.variable(tensor, true, `${key}#${Math.random()}`);
    tensor.dispose();
  }
  return { trainable, buffers: state.buffers };
}

function disposeState(state: MethodState): void {
  tf.dispose([...Object.values(state.trainable), ...Object.values(state.buffers)]);
}

interface Fixture { frozen: ParamMap; image: tf.Tensor4D; goal: tf.Tensor4D }

/**
 * Adam steps towards a fixed random per-pixel goal (mean squared error). As in the engine, a decoder (here
 * one per-pixel linear map) always trains beside the method's tensors, so `head` has something to train.
 */
function trainSteps(method: PeftMethod<object>, config: object, fixture: Fixture, state: MethodState, steps: number, learningRate = 0.05): void {
  const optimizer = tf.train.adam(learningRate);
  const classes = fixture.goal.shape[3];
  const identity = tf.eye(classes);
  const decoder = tf.variable(identity, true, `decoder#${Math.random()}`);
  identity.dispose();
  const variables = [decoder, ...(Object.values(state.trainable) as tf.Variable[])];
  for (let step = 0; step < steps; step++) {
    optimizer.minimize(() => {
      const features = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      const logits = tf.matMul(tf.reshape(features, [-1, classes]), decoder);
      return tf.mean(tf.square(tf.sub(logits, tf.reshape(fixture.goal, [-1, classes])))) as tf.Scalar;
    }, false, variables);
  }
  optimizer.dispose();
  decoder.dispose();
}

describe.each(['wasm', 'cpu'])('PEFT method matrix on %s', (backend) => {
  let fixture: Fixture;

  beforeAll(async () => {
    if (backend === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
      registerWasmTrainingKernels();
    }
    expect(await tf.setBackend(backend)).toBe(true);
    const frozen = toyFrozenParams(SEED);
    const image = tf.randomUniform([2, 19, 17, 3], 0, 1, 'float32', SEED) as tf.Tensor4D;
    const goal = tf.randomNormal(toyForward(frozen, image).shape, 0, 1, 'float32', SEED + 1) as tf.Tensor4D;
    fixture = { frozen, image, goal };
  });

  afterAll(() => {
    tf.dispose([...Object.values(fixture.frozen), fixture.image, fixture.goal]);
  });

  it('registers every method the contract names', () => {
    expect(listMethods().map((m) => m.name).sort()).toEqual([...METHOD_NAMES].sort());
  });

  describe.each([...METHOD_NAMES])('%s', (name) => {
    const method = getMethod(name);
    const config = method.defaultConfig;

    it('identity init reproduces the base outputs', () => {
      const state = method.init(fixture.frozen, TOY_TARGET, config, SEED);
      const base = toyForward(fixture.frozen, fixture.image);
      const adapted = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      expect(maxRelativeDifference(adapted, base)).toBeLessThan(1e-6);
      tf.dispose([base, adapted]);
      disposeState(state);
    });

    it('counts its trainable parameters as init creates them', () => {
      const state = method.init(fixture.frozen, TOY_TARGET, config, SEED);
      expect(countTrainable(name, TOY_TARGET, config)).toBe(countParams(state.trainable));
      if (name !== 'head') expect(countParams(state.trainable)).toBeGreaterThan(0);
      disposeState(state);
    });

    it('one optimizer step changes trainable tensors only (frozen and buffers untouched)', () => {
      const state = asVariables(method.init(fixture.frozen, TOY_TARGET, config, SEED));
      const frozenBefore = snapshot(fixture.frozen);
      const buffersBefore = snapshot(state.buffers);
      const trainableBefore = snapshot(state.trainable);
      const outputBefore = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      trainSteps(method, config, fixture, state, 1);
      expect(unchanged(fixture.frozen, frozenBefore)).toBe(true);
      expect(unchanged(state.buffers, buffersBefore)).toBe(true);
      const outputAfter = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      if (name === 'head') {
        expect(Object.keys(state.trainable)).toHaveLength(0);
        expect(maxRelativeDifference(outputAfter, outputBefore)).toBe(0);
      } else {
        const changed = Object.keys(state.trainable).filter((key) => !unchanged({ [key]: state.trainable[key] }, new Map([[key, trainableBefore.get(key)!]])));
        expect(changed.length).toBeGreaterThan(0);
        expect(maxRelativeDifference(outputAfter, outputBefore)).toBeGreaterThan(1e-4);
      }
      tf.dispose([outputBefore, outputAfter]);
      disposeState(state);
    });

    it(method.mergeable ? 'merged weights equal the unmerged adapted model after training' : 'declares itself unmergeable', () => {
      if (!method.mergeable) {
        expect(method.merge).toBeUndefined();
        expect(method.blockOutput).toBeDefined();
        return;
      }
      const state = asVariables(method.init(fixture.frozen, TOY_TARGET, config, SEED));
      trainSteps(method, config, fixture, state, 3);
      const merged = method.merge!(fixture.frozen, state, TOY_TARGET, config);
      for (const key of Object.keys(merged)) expect(fixture.frozen[key], `merge key ${key} is a frozen key`).toBeDefined();
      const unmerged = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      const plain = toyForward({ ...fixture.frozen, ...merged }, fixture.image);
      const base = toyForward(fixture.frozen, fixture.image);
      expect(maxRelativeDifference(plain, unmerged)).toBeLessThan(1e-5);
      if (name !== 'head') expect(maxRelativeDifference(plain, base)).toBeGreaterThan(1e-4);
      tf.dispose([unmerged, plain, base, ...Object.values(merged)]);
      disposeState(state);
    });

    it('saved and loaded method state reproduces the trained model', () => {
      const state = asVariables(method.init(fixture.frozen, TOY_TARGET, config, SEED));
      trainSteps(method, config, fixture, state, 2);
      const bytes = encodeMethodState(name, state.trainable);
      const loaded = decodeMethodState(bytes);
      expect(loaded.method).toBe(name);
      const restored = restoreTrainable(method.init(fixture.frozen, TOY_TARGET, config, SEED + 1), loaded.trainable);
      const before = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      const after = adaptedToyForward(method, config, fixture.frozen, restored, fixture.image);
      expect(maxRelativeDifference(after, before)).toBe(0);
      expect(encodeMethodState(name, restored.trainable)).toEqual(bytes);
      tf.dispose([before, after]);
      disposeState(state);
      disposeState(restored);
    });

    it('leaks no tensors over init, training steps, merge and dispose', () => {
      const tensorsBefore = tf.memory().numTensors;
      const state = asVariables(method.init(fixture.frozen, TOY_TARGET, config, SEED));
      trainSteps(method, config, fixture, state, 3);
      const output = adaptedToyForward(method, config, fixture.frozen, state, fixture.image);
      if (method.merge) tf.dispose(Object.values(method.merge(fixture.frozen, state, TOY_TARGET, config)));
      tf.dispose(Object.values(decodeMethodState(encodeMethodState(name, state.trainable)).trainable));
      output.dispose();
      disposeState(state);
      expect(tf.memory().numTensors).toBe(tensorsBefore);
    });
  });
});
