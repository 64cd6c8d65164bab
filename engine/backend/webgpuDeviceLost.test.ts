// What the engine process relies on when the GPU goes away mid-job: the loss is reported in one line,
// reads on the lost device reject (so the job ends), and the next selection skips webgpu.

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { selectBackend } from './selectBackend';
import { webgpuAdapterForTests } from './swiftShaderIcd.testSupport';
import { lossWithin, webgpuDeviceLoss } from './webgpuDeviceLost';

const adapter = await webgpuAdapterForTests();

describe.skipIf(adapter === null)('a lost webgpu device', () => {
  it('is described in one line, fails the next read, and the engine then selects the next backend', async () => {
    await selectBackend('webgpu');
    const loss = webgpuDeviceLoss()!;
    expect(await lossWithin(loss, 50)).toBeNull();
    const x = tf.randomUniform([64, 64]);
    expect((await tf.matMul(x, x).data()).length).toBe(64 * 64);
    (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
    expect(await lossWithin(loss, 5000)).toMatch(/^the GPU device was lost \(destroyed[^\n]*\)$/);
    await expect(tf.matMul(x, x).data()).rejects.toBeDefined();
    tf.removeBackend('webgpu');
    const choice = await selectBackend(null, { exclude: ['webgpu'], excludeReason: 'not used again: the GPU device was lost (destroyed)' });
    expect(choice.backend).not.toBe('webgpu');
    expect(choice.probes.find((p) => p.name === 'webgpu')).toEqual({ name: 'webgpu', ok: false, reason: 'not used again: the GPU device was lost (destroyed)' });
  });
});
