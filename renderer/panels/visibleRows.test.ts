import { describe, expect, it } from 'vitest';
import { visibleRows } from './visibleRows';

describe('visibleRows', () => {
  it('renders only the rows in view plus the overscan, clamped to the list', () => {
    expect(visibleRows(0, 560, 56, 5000)).toEqual({ start: 0, end: 14 });
    expect(visibleRows(56 * 1000, 560, 56, 5000)).toEqual({ start: 996, end: 1014 });
    expect(visibleRows(56 * 4995, 560, 56, 5000)).toEqual({ start: 4991, end: 5000 });
    expect(visibleRows(0, 560, 56, 0)).toEqual({ start: 0, end: 0 });
  });
});
