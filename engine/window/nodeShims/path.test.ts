import nodePath from 'node:path';
import { describe, expect, it } from 'vitest';
import { basename, dirname, join, resolve } from './path';

describe("the engine window's path functions", () => {
  it('agree with POSIX node:path on the names the engine builds', () => {
    const cases = [['/models', 'abc'], ['/models/', './abc', 'segadapt.json'], ['a', '..', 'b'], ['/models', 'x/../y'], ['rel', 'file.bin'], ['', 'a']];
    for (const parts of cases) expect(join(...parts)).toBe(nodePath.posix.join(...parts));
    for (const parts of [['/models/abc'], ['/models', 'abc', '..', 'def'], ['/a', '/b', 'c']]) expect(resolve(...parts)).toBe(nodePath.posix.resolve(...parts));
    for (const file of ['/models/abc/segadapt.json', '/models/abc', 'name.png']) {
      expect(basename(file)).toBe(nodePath.posix.basename(file));
      expect(dirname(file)).toBe(nodePath.posix.dirname(file));
    }
  });
});
