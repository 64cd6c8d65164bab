import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recoverInterruptedWrite, writeFolderAtomically, type WriteStep } from './replaceFolder';

const writer = path.join(__dirname, 'killedWriter.fixture.ts');
const FILES = ['a.bin', 'b.bin', 'segadapt.json'];

function contentOf(folder: string): string | null {
  if (!existsSync(folder)) return null;
  const names = readdirSync(folder).sort();
  if (names.join() !== FILES.join()) return `broken: ${names.join()}`;
  const markers = new Set(names.map((name) => readFileSync(path.join(folder, name), 'utf8').split(':')[0]));
  return markers.size === 1 ? [...markers][0] : `mixed: ${[...markers].join()}`;
}

function writeOld(folder: string): void {
  mkdirSync(folder, { recursive: true });
  for (const name of FILES) writeFileSync(path.join(folder, name), `old:${name}`);
}

describe('replacing an output folder', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(path.join(os.tmpdir(), 'segadapt-replace-'));
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('writes a new folder and replaces an old one whole', async () => {
    const folder = path.join(work, 'model');
    await writeFolderAtomically(folder, FILES.map((name) => ({ name, data: new TextEncoder().encode(`old:${name}`) })));
    expect(contentOf(folder)).toBe('old');
    await writeFolderAtomically(folder, FILES.map((name) => ({ name, data: new TextEncoder().encode(`new:${name}`) })));
    expect(contentOf(folder)).toBe('new');
    expect(readdirSync(work)).toEqual(['model']);
  });

  it('keeps the old folder and leaves nothing behind when the write fails', async () => {
    const folder = path.join(work, 'model');
    writeOld(folder);
    const failing = (step: WriteStep) => {
      if (step === 'file-written') throw new Error('disk full');
    };
    await expect(writeFolderAtomically(folder, FILES.map((name) => ({ name, data: new Uint8Array(1) })), failing)).rejects.toThrow('disk full');
    expect(contentOf(folder)).toBe('old');
    expect(readdirSync(work)).toEqual(['model']);
  });

  const killPoints: [WriteStep, number][] = [
    ['partial-created', 1],
    ['file-written', 1],
    ['file-written', 3],
    ['old-moved-aside', 1],
    ['new-moved-in', 1],
    ['old-removed', 1],
  ];
  for (const [step, occurrence] of killPoints) {
    it(`a writer killed at ${step} #${occurrence} leaves the old or the new folder under the name, and no leftovers once read again`, async () => {
      const folder = path.join(work, 'model');
      writeOld(folder);
      const child = spawnSync(process.execPath, ['--import', 'tsx', writer, folder, step, String(occurrence), 'new'], { encoding: 'utf8', timeout: 60_000 });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      await recoverInterruptedWrite(folder);
      const expected = step === 'new-moved-in' || step === 'old-removed' ? 'new' : 'old';
      expect(contentOf(folder)).toBe(expected);
      expect(readdirSync(work)).toEqual(['model']);
    }, 60_000);
  }

  it('a killed first write leaves no folder and no leftovers', async () => {
    const folder = path.join(work, 'fresh');
    const child = spawnSync(process.execPath, ['--import', 'tsx', writer, folder, 'file-written', '2', 'new'], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal, child.stderr).toBe('SIGKILL');
    expect(readdirSync(work).length).toBe(1);
    await recoverInterruptedWrite(folder);
    expect(readdirSync(work)).toEqual([]);
  }, 60_000);

  it('leaves the partial folder of a writer that is still running', async () => {
    const folder = path.join(work, 'model');
    writeOld(folder);
    const live = path.join(work, `.model.partial-${process.ppid}-abc-def`);
    const dead = path.join(work, '.model.partial-999999999-abc-def');
    mkdirSync(live);
    mkdirSync(dead);
    await recoverInterruptedWrite(folder);
    expect(readdirSync(work).sort()).toEqual([path.basename(live), 'model']);
  });
});
