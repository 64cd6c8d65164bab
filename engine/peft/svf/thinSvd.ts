// Thin SVD of a float32 kernel matrix, W [rows, cols] = U diag(s) V^T with k = min(rows, cols).
// ml-matrix's SVD took 5 s for the backbone's 38 adapted kernels (0.5 s for one 720x184 matrix), so this
// takes the symmetric eigendecomposition of the small Gram matrix W^T W (k x k, ml-matrix's
// EigenvalueDecomposition) and recovers U = W V / s, all in float64: the squared condition number costs
// nothing visible for float32 weights (1e-6 spread in s is 1e-12 in s^2). Directions whose singular value is
// numerically zero get orthonormal completions so U stays a basis.

import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

export interface ThinSvd {
  /** [rows, k] row-major, orthonormal columns. */
  u: Float32Array;
  /** [k, cols] row-major, orthonormal rows. */
  vt: Float32Array;
  /** k singular values, descending. */
  s: Float64Array;
}

export function thinSvd(values: Float32Array, rows: number, cols: number): ThinSvd {
  if (rows < cols) {
    const flipped = tallThinSvd(transposed(values, rows, cols), cols, rows);
    return { u: transposedF32(flipped.vt, rows, rows), vt: transposedF32(flipped.u, cols, rows), s: flipped.s };
  }
  return tallThinSvd(Float64Array.from(values), rows, cols);
}

function transposed(values: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = values[i * cols + j];
  return out;
}

function transposedF32(values: Float32Array, rows: number, cols: number): Float32Array {
  return Float32Array.from(transposed(values, rows, cols));
}

/** rows >= cols. */
function tallThinSvd(w: Float64Array, rows: number, cols: number): ThinSvd {
  const k = cols;
  // Row by row, so every inner loop runs over contiguous memory.
  const gramValues = new Float64Array(k * k);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let a = 0; a < k; a++) {
      const wa = w[row + a];
      if (wa === 0) continue;
      const out = a * k;
      for (let b = a; b < k; b++) gramValues[out + b] += wa * w[row + b];
    }
  }
  const gram = new Matrix(k, k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      gram.set(a, b, gramValues[a * k + b]);
      gram.set(b, a, gramValues[a * k + b]);
    }
  }
  const evd = new EigenvalueDecomposition(gram, { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((value, index) => ({ value, index })).sort((x, y) => y.value - x.value);
  const vectors = evd.eigenvectorMatrix;
  const s = Float64Array.from(order, ({ value }) => Math.sqrt(Math.max(value, 0)));
  const vt = new Float32Array(k * cols);
  const v = new Float64Array(cols * k);
  order.forEach(({ index }, r) => {
    for (let j = 0; j < cols; j++) {
      v[j * k + r] = vectors.get(j, index);
      vt[r * cols + j] = vectors.get(j, index);
    }
  });
  const u = new Float64Array(rows * k);
  const tolerance = (s[0] || 1) * Math.max(rows, cols) * 1e-9;
  let nextCandidate = 0;
  for (let i = 0; i < rows; i++) {
    const out = i * k;
    for (let j = 0; j < cols; j++) {
      const wij = w[i * cols + j];
      if (wij === 0) continue;
      const vj = j * k;
      for (let r = 0; r < k; r++) u[out + r] += wij * v[vj + r];
    }
  }
  for (let r = 0; r < k; r++) {
    if (s[r] <= tolerance) {
      nextCandidate = completeColumn(u, rows, k, r, nextCandidate);
      continue;
    }
    for (let i = 0; i < rows; i++) u[i * k + r] /= s[r];
  }
  return { u: Float32Array.from(u), vt, s };
}

/**
 * Fills column r of U with a unit vector orthogonal to columns 0..r-1 (Gram-Schmidt over unit vectors,
 * starting after the last one used, since that one is now in the span); returns the next candidate.
 */
function completeColumn(u: Float64Array, rows: number, k: number, r: number, firstCandidate: number): number {
  for (let candidate = firstCandidate; candidate < rows; candidate++) {
    const column = new Float64Array(rows);
    column[candidate] = 1;
    for (let pass = 0; pass < 2; pass++) {
      for (let c = 0; c < r; c++) {
        let dot = 0;
        for (let i = 0; i < rows; i++) dot += u[i * k + c] * column[i];
        for (let i = 0; i < rows; i++) column[i] -= dot * u[i * k + c];
      }
    }
    let squared = 0;
    for (let i = 0; i < rows; i++) squared += column[i] * column[i];
    const norm = Math.sqrt(squared);
    if (norm > 1e-6) {
      for (let i = 0; i < rows; i++) u[i * k + r] = column[i] / norm;
      return candidate + 1;
    }
  }
  throw new Error('could not complete an orthonormal basis');
}
