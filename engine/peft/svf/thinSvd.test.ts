import { Matrix, SVD } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { seededValues } from '../../backend/gradientCheck.testSupport';
import { thinSvd } from './thinSvd';

function check(values: Float32Array, rows: number, cols: number) {
  const { u, vt, s } = thinSvd(values, rows, cols);
  const k = Math.min(rows, cols);
  let reconstruction = 0;
  let scale = 0;
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let r = 0; r < k; r++) sum += u[i * k + r] * s[r] * vt[r * cols + j];
    reconstruction = Math.max(reconstruction, Math.abs(sum - values[i * cols + j]));
    scale = Math.max(scale, Math.abs(values[i * cols + j]));
  }
  let orthonormality = 0;
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let uu = 0;
    let vv = 0;
    for (let i = 0; i < rows; i++) uu += u[i * k + a] * u[i * k + b];
    for (let j = 0; j < cols; j++) vv += vt[a * cols + j] * vt[b * cols + j];
    orthonormality = Math.max(orthonormality, Math.abs(uu - (a === b ? 1 : 0)), Math.abs(vv - (a === b ? 1 : 0)));
  }
  const reference = new SVD(Matrix.from1DArray(rows, cols, Array.from(values)), { autoTranspose: true }).diagonal.slice(0, k);
  const singularError = Math.max(...reference.map((value, r) => Math.abs(value - s[r]))) / reference[0];
  return { reconstruction: reconstruction / scale, orthonormality, singularError, s };
}

describe('thin SVD of kernel matrices', () => {
  it.each([[40, 12], [12, 40], [25, 25], [144, 9]])('a random %ix%i matrix is U diag(s) V^T with orthonormal factors and ml-matrix\'s singular values', (rows, cols) => {
    const result = check(seededValues(rows * cols, rows * 100 + cols), rows, cols);
    expect(result.reconstruction).toBeLessThan(1e-5);
    expect(result.orthonormality).toBeLessThan(1e-5);
    expect(result.singularError).toBeLessThan(1e-6);
    expect([...result.s]).toEqual([...result.s].sort((a, b) => b - a));
  });

  it('a rank-deficient matrix (zero and repeated columns) still gets an orthonormal U', () => {
    const rows = 20;
    const cols = 6;
    const values = seededValues(rows * cols, 5);
    for (let i = 0; i < rows; i++) {
      values[i * cols + 2] = 0;
      values[i * cols + 4] = values[i * cols + 1];
    }
    const result = check(values, rows, cols);
    expect(result.reconstruction).toBeLessThan(1e-5);
    expect(result.orthonormality).toBeLessThan(1e-5);
    expect(result.s[5]).toBeLessThan(1e-6);
  });
});
