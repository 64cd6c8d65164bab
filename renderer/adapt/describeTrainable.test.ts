import { describe, expect, it } from 'vitest';
import { describeTrainable } from './describeTrainable';

const counts = { backbone: { head: 0, lora: 150_000, full: 2_000_000 }, decoderFixed: 40_000, decoderPerClass: 100 };

describe('trainable count beside each method', () => {
  it('adds the decoder for the project classes and background, and says nothing before the engine measured it', () => {
    expect(describeTrainable(counts, 'head', 3)).toBe(' · 40.4 k trainable');
    expect(describeTrainable(counts, 'lora', 3)).toBe(' · 190.4 k trainable');
    expect(describeTrainable(counts, 'full', 0)).toBe(' · 2.04 M trainable');
    expect(describeTrainable(undefined, 'lora', 3)).toBe('');
    expect(describeTrainable(counts, 'svf', 3)).toBe('');
  });
});
