// tfjs-core's Node entry registers kernels' forward functions only; training needs their gradients too.
// They ship only as ES modules (dist/register_all_gradients.js) whose relative imports have no file
// extension, which Node's ESM loader refuses; a resolve hook adds '.js' for imports inside tfjs-core's
// dist. It is registered always: processes started from a test (the engine process under the host's
// tests) inherit VITEST but load modules with Node's own loader.

import * as tf from '@tensorflow/tfjs-core';
import { register } from 'node:module';
import { registerUntransposedMatMulGradient } from './matMulGradient';

const addJsExtensionInsideTfjsCore = `
export async function resolve(specifier, context, next) {
  if (context.parentURL && context.parentURL.includes('/@tensorflow/tfjs-core/dist/') && specifier.startsWith('.') && !/\\.(m?js|json)$/.test(specifier)) {
    try { return await next(specifier + '.js', context); } catch {}
  }
  return next(specifier, context);
}`;

if (!tf.getGradient('Sum')) {
  register(`data:text/javascript,${encodeURIComponent(addJsExtensionInsideTfjsCore)}`);
  await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
}
registerUntransposedMatMulGradient();
