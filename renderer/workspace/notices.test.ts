import { describe, expect, it } from 'vitest';
import { importNotices } from './importNotices';
import { addNotices, MAX_NOTICES, notice } from './notices';

describe('notices', () => {
  it('only the newest few stay on screen, however many imports run', () => {
    let shown = addNotices([], []);
    for (let i = 0; i < 10; i++) shown = addNotices(shown, [notice('info', `import ${i}`)]);
    expect(shown.map((n) => n.text)).toEqual(Array.from({ length: MAX_NOTICES }, (_, i) => `import ${10 - MAX_NOTICES + i}`));
  });

  it('an import where every file failed says so once, without "Imported 0 images"', () => {
    const failed = importNotices({ imported: [], duplicates: [], skipped: [{ name: 'a.txt', reason: 'not an image' }] });
    expect(failed.map((n) => [n.kind, n.text])).toEqual([['error', 'Skipped 1 file that could not be imported:']]);
    const duplicatesOnly = importNotices({ imported: [], duplicates: ['a.png'], skipped: [] });
    expect(duplicatesOnly[0].text).toBe('Imported 0 images; 1 already in the project.');
  });
});
