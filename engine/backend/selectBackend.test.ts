import { describe, expect, it } from 'vitest';
import { chooseBackend, parseBackendOverride, type BackendCandidate } from './selectBackend';
import { DEFAULT_INPUT_SIZE } from '../modelStore/createModel';
import { DEFAULT_JOB_SIZE, largestTensorBytes, missingLimits } from './adapterLimits';

function candidate(probe: BackendCandidate['probe'], backend: BackendCandidate['backend'], failure: string | null, tried: string[]): BackendCandidate {
  return {
    probe,
    backend,
    attempt: async (forced) => {
      tried.push(`${probe}${forced ? ' (forced)' : ''}`);
      return failure;
    },
  };
}

describe('backend order', () => {
  it('takes the first candidate that works and says why each other one was not used', async () => {
    const tried: string[] = [];
    const choice = await chooseBackend([
      candidate('tensorflow-gpu', 'tensorflow', '@tensorflow/tfjs-node-gpu is not installed', tried),
      candidate('webgpu', 'webgpu', 'Dawn found no WebGPU adapter', tried),
      candidate('wasm', 'wasm', null, tried),
      candidate('cpu', 'cpu', null, tried),
    ], null);
    expect(choice.backend).toBe('wasm');
    expect(tried).toEqual(['tensorflow-gpu', 'webgpu', 'wasm']);
    expect(choice.probes).toEqual([
      { name: 'tensorflow-gpu', ok: false, reason: '@tensorflow/tfjs-node-gpu is not installed' },
      { name: 'webgpu', ok: false, reason: 'Dawn found no WebGPU adapter' },
      { name: 'wasm', ok: true, reason: 'first backend that works' },
      { name: 'cpu', ok: false, reason: 'not needed: wasm is in use' },
    ]);
  });

  it('with SEGADAPT_BACKEND tries only that backend, forced, and fails loudly when it does not work', async () => {
    const tried: string[] = [];
    const order = [candidate('webgpu', 'webgpu', 'failed the training self-test: loss differs', tried), candidate('wasm', 'wasm', null, tried)];
    await expect(chooseBackend(order, 'webgpu')).rejects.toThrow('no usable tfjs backend: webgpu: failed the training self-test: loss differs; wasm: skipped: SEGADAPT_BACKEND=webgpu');
    expect(tried).toEqual(['webgpu (forced)']);
  });

  it('skips excluded backends without trying them (a webgpu device lost mid-job)', async () => {
    const tried: string[] = [];
    const choice = await chooseBackend([candidate('webgpu', 'webgpu', null, tried), candidate('wasm', 'wasm', null, tried)], null, {
      exclude: ['webgpu'],
      excludeReason: 'its device was lost: destroyed',
    });
    expect(choice.backend).toBe('wasm');
    expect(tried).toEqual(['wasm']);
    expect(choice.probes[0]).toEqual({ name: 'webgpu', ok: false, reason: 'its device was lost: destroyed' });
  });

  it('accepts webgpu in SEGADAPT_BACKEND and names the choices on a typo', () => {
    expect(parseBackendOverride('webgpu')).toBe('webgpu');
    expect(parseBackendOverride('')).toBeNull();
    expect(() => parseBackendOverride('gpu')).toThrow('SEGADAPT_BACKEND must be tensorflow, webgpu, wasm, cpu, not "gpu"');
  });
});

describe('adapter limits', () => {
  const roomy = {
    maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupStorageSize: 16384,
    maxStorageBuffersPerShaderStage: 8, maxComputeWorkgroupsPerDimension: 65535,
    maxStorageBufferBindingSize: 2 ** 30, maxBufferSize: 2 ** 30,
  };

  it('passes an adapter with the WebGPU defaults and room for the default job', () => {
    expect(DEFAULT_JOB_SIZE).toBe(DEFAULT_INPUT_SIZE);
    expect(missingLimits(roomy)).toEqual([]);
  });

  it('names each limit an adapter lacks for the job size', () => {
    const small = { ...roomy, maxComputeInvocationsPerWorkgroup: 128, maxStorageBufferBindingSize: 2 ** 27 };
    expect(missingLimits(small, 384, 2)).toEqual(['maxComputeInvocationsPerWorkgroup 128 < 256']);
    const big = largestTensorBytes(2048, 2);
    expect(big).toBeGreaterThan(2 ** 27);
    expect(missingLimits(small, 2048, 2)).toEqual(['maxComputeInvocationsPerWorkgroup 128 < 256', `maxStorageBufferBindingSize ${2 ** 27} < ${big}`]);
  });
});
