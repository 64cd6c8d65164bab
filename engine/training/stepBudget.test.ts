import { describe, expect, it } from 'vitest';
import { continuedStepBudget, defaultStepBudget } from './trainModel';

describe('step budgets', () => {
  it('adapting again runs about a third of a fresh job’s steps, and never fewer than 20', () => {
    expect(defaultStepBudget(5)).toBe(110);
    expect(continuedStepBudget(5)).toBe(37);
    expect(continuedStepBudget(50)).toBe(100);
    expect(continuedStepBudget(1)).toBe(23);
    for (let labeled = 1; labeled <= 40; labeled++) {
      expect(continuedStepBudget(labeled)).toBeGreaterThanOrEqual(20);
      expect(continuedStepBudget(labeled)).toBeLessThanOrEqual(Math.ceil(defaultStepBudget(labeled) / 2));
    }
  });
});
