import { describe, expect, it } from 'vitest';
import { describeBytes } from './describeBytes';

describe('sizes for people', () => {
  it('uses units of 1024 from bytes to gigabytes', () => {
    expect(describeBytes(812)).toBe('812 B');
    expect(describeBytes(4300)).toBe('4.2 KB');
    expect(describeBytes(2_500_000)).toBe('2.4 MB');
    expect(describeBytes(1.2e9)).toBe('1.1 GB');
  });
});
