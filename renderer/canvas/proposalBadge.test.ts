import { describe, expect, it } from 'vitest';
import { proposalBadge, showsBadge } from './proposalBadge';

describe('proposal badges', () => {
  it('say the confidence and the version, on the focused proposal and on those large enough on screen', () => {
    expect(proposalBadge({ score: 0.416 }, 'Version 2')).toBe('42% · Version 2');
    const speck = [0, 0, 10, 0, 10, 10];
    expect(showsBadge(speck, 1, false)).toBe(false);
    expect(showsBadge(speck, 4, false)).toBe(true);
    expect(showsBadge(speck, 1, true)).toBe(true);
  });
});
