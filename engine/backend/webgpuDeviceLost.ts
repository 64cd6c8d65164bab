// A lost WebGPU device (driver reset, GPU removed or hung, device.destroy()) leaves every tensor on it
// unusable: reads reject (with an empty message on Dawn). The engine process watches for it, to fail the
// running job with a clear message and carry on with the next backend.

import * as tf from '@tensorflow/tfjs-core';

interface DeviceHolder {
  device?: { lost: Promise<{ reason: string; message: string }> };
}

/** Resolves with a one-line description once the webgpu backend's device is lost; null when webgpu is not set up. */
export function webgpuDeviceLoss(): Promise<string> | null {
  const backend = tf.findBackend('webgpu') as unknown as DeviceHolder | null;
  const lost = backend?.device?.lost;
  if (!lost) return null;
  return lost.then((info) => {
    const detail = info.message ? `: ${info.message.split('\n')[0].slice(0, 200)}` : '';
    return `the GPU device was lost (${info.reason}${detail})`;
  });
}

/** The loss description if it arrives within `ms` (a job's failed read can come just before the lost event), else null. */
export function lossWithin(loss: Promise<string>, ms: number): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), ms);
  });
  return Promise.race([loss, timeout]).finally(() => clearTimeout(timer));
}
