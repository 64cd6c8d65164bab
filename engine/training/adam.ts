// Adam over a flat map of tensors, with linear warm-up and cosine decay of the learning rate.
// Updates are explicit: new tensors replace the old ones, which are disposed.

import * as tf from '@tensorflow/tfjs-core';
import type { ParamMap } from '../model/params';

export interface AdamOptions {
  /** Peak learning rate per parameter key (a function lets groups differ). */
  learningRate: (key: string) => number;
  totalSteps: number;
  warmupSteps: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** Final learning rate as a fraction of the peak. */
  finalFraction?: number;
}

/** Learning-rate multiplier at `step` (1-based): linear warm-up, then cosine decay to finalFraction. */
export function scheduleFactor(step: number, totalSteps: number, warmupSteps: number, finalFraction = 0.05): number {
  if (warmupSteps > 0 && step <= warmupSteps) return step / warmupSteps;
  const progress = Math.min(1, (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
  return finalFraction + (1 - finalFraction) * 0.5 * (1 + Math.cos(Math.PI * progress));
}

export class Adam {
  private readonly firstMoments = new Map<string, tf.Tensor>();
  private readonly secondMoments = new Map<string, tf.Tensor>();
  private step = 0;

  constructor(private readonly options: AdamOptions) {}

  /** Returns the updated params; disposes the given params and gradients. */
  apply(params: ParamMap, gradients: ParamMap): ParamMap {
    this.step += 1;
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = this.options;
    const factor = scheduleFactor(this.step, this.options.totalSteps, this.options.warmupSteps, this.options.finalFraction);
    const correction1 = 1 - beta1 ** this.step;
    const correction2 = 1 - beta2 ** this.step;
    const updated: ParamMap = {};
    for (const [key, param] of Object.entries(params)) {
      const gradient = gradients[key];
      if (!gradient) {
        updated[key] = param;
        continue;
      }
      const m0 = this.firstMoments.get(key);
      const v0 = this.secondMoments.get(key);
      const [m, v, next] = tf.tidy(() => {
        const m = m0 ? tf.add(tf.mul(m0, beta1), tf.mul(gradient, 1 - beta1)) : tf.mul(gradient, 1 - beta1);
        const v = v0 ? tf.add(tf.mul(v0, beta2), tf.mul(tf.square(gradient), 1 - beta2)) : tf.mul(tf.square(gradient), 1 - beta2);
        const stepSize = (this.options.learningRate(key) * factor) / correction1;
        const next = tf.sub(param, tf.mul(tf.div(m, tf.add(tf.sqrt(tf.div(v, correction2)), epsilon)), stepSize));
        return [m, v, next];
      });
      m0?.dispose();
      v0?.dispose();
      this.firstMoments.set(key, m);
      this.secondMoments.set(key, v);
      updated[key] = next;
      param.dispose();
    }
    tf.dispose(Object.values(gradients));
    return updated;
  }

  dispose(): void {
    tf.dispose([...this.firstMoments.values(), ...this.secondMoments.values()]);
    this.firstMoments.clear();
    this.secondMoments.clear();
  }
}
