// Runs registered wasm kernels directly (below the engine, no tape, no tidy) and disposes every
// intermediate result it made, so a composed kernel returns exactly one new buffer.

import { getKernel, type NamedAttrMap, type NamedTensorInfoMap, type TensorInfo } from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

export class WasmKernelScope {
  private readonly made: TensorInfo[] = [];

  constructor(readonly backend: BackendWasm) {}

  run(kernelName: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const kernel = getKernel(kernelName, 'wasm');
    if (!kernel) throw new Error(`wasm backend has no ${kernelName} kernel`);
    const out = kernel.kernelFunc({ inputs, attrs, backend: this.backend });
    if (Array.isArray(out)) throw new Error(`${kernelName} returned several tensors; expected one`);
    this.made.push(out);
    return out;
  }

  /** A reshape shares the buffer (with its own reference), so it costs nothing. */
  reshape(x: TensorInfo, shape: number[]): TensorInfo {
    if (sameShape(x.shape, shape)) return x;
    return this.run('Reshape', { x }, { shape });
  }

  /** Transposes, or only reshapes when the permutation moves nothing but size-1 axes. */
  transpose(x: TensorInfo, perm: number[]): TensorInfo {
    const outShape = perm.map((axis) => x.shape[axis]);
    const movedAxes = perm.filter((axis) => x.shape[axis] !== 1);
    const isOrderKept = movedAxes.every((axis, i) => i === 0 || movedAxes[i - 1] < axis);
    if (isOrderKept) return this.reshape(x, outShape);
    return this.run('Transpose', { x }, { perm });
  }

  /** Slices [begin, begin+size) when that differs from the whole tensor. */
  slice(x: TensorInfo, begin: number[], size: number[]): TensorInfo {
    if (begin.every((b) => b === 0) && sameShape(x.shape, size)) return x;
    return this.run('Slice', { x }, { begin, size });
  }

  /** Zero padding; skipped when every amount is zero. */
  pad(x: TensorInfo, paddings: [number, number][]): TensorInfo {
    if (paddings.every(([before, after]) => before === 0 && after === 0)) return x;
    return this.run('PadV2', { x }, { paddings, constantValue: 0 });
  }

  /** Disposes every intermediate except `result`, which the caller hands to the engine. */
  finish(result: TensorInfo): TensorInfo {
    let kept = false;
    for (const info of this.made) {
      if (info === result && !kept) {
        kept = true;
        continue;
      }
      this.backend.disposeData(info.dataId);
    }
    this.made.length = 0;
    // A result that is one of the kernel's inputs (no work was needed) still needs its own reference.
    if (!kept) return this.run('Identity', { x: result });
    return result;
  }

  /** Frees every intermediate (used when a composed kernel throws). */
  abandon(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

function sameShape(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Runs `body` with a fresh scope; the returned info is the only buffer that survives. */
export function composeWasmKernel(backend: BackendWasm, body: (scope: WasmKernelScope) => TensorInfo): TensorInfo {
  const scope = new WasmKernelScope(backend);
  try {
    return scope.finish(body(scope));
  } catch (error) {
    scope.abandon();
    throw error;
  }
}
