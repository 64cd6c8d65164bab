// Geometry shared by the composed gradient kernels: every gradient is rewritten as a plain (VALID,
// explicitly padded) convolution whose output must be exactly `count` long along each spatial axis.

/** How to pad or crop one spatial axis so a window sweep yields at least `count` outputs. */
export interface AxisWindowPlan {
  /** Leading elements of the input to drop (only when the wanted padding is negative). */
  cropBefore: number;
  padBefore: number;
  padAfter: number;
  /** Outputs the convolution will produce (>= count; the extra tail is sliced off). */
  computed: number;
}

/**
 * Output o reads input indices o*step - before + [0, extent) of an input of length `length`
 * (indices outside are zeros). Plans padding so outputs 0..count-1 are all produced.
 */
export function planAxis(length: number, before: number, extent: number, step: number, count: number): AxisWindowPlan {
  const cropBefore = Math.max(0, -before);
  const padBefore = Math.max(0, before);
  const kept = length - cropBefore;
  const padAfter = Math.max(0, (count - 1) * step + extent - padBefore - kept);
  const computed = Math.floor((padBefore + kept + padAfter - extent) / step) + 1;
  return { cropBefore, padBefore, padAfter, computed };
}

/** The explicit NHWC padding for a 2-D plan. */
export function explicitPadding(rows: AxisWindowPlan, cols: AxisWindowPlan): [[0, 0], [number, number], [number, number], [0, 0]] {
  return [[0, 0], [rows.padBefore, rows.padAfter], [cols.padBefore, cols.padAfter], [0, 0]];
}
