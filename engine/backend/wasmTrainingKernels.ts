// The wasm backend lacks Conv2DBackpropFilter, DepthwiseConv2dNativeBackpropFilter and
// DepthwiseConv2dNativeBackpropInput. This module registers them so training runs on wasm.
// (Filled in by the engine work of issue 3; until then, registering nothing keeps inference working.)

export function registerWasmTrainingKernels(): void {
  // Intentionally empty until the composed kernels land (see PERF-NOTES.md for the arrangement).
}
