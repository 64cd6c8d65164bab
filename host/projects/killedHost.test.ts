import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectCopy } from './projectCopy';
import type { CopyStep } from './projectCopy';
import { testPush } from './testRows';
import { isBlobRef } from './validateChanges';

const writer = path.join(__dirname, 'killedCopyWriter.fixture.ts');
const PUSHES = 7;

/** What the copy must hold after pushes 1..n exactly. */
function expectStateAfter(copy: ProjectCopy, n: number): void {
  expect(copy.status().seq).toBe(n);
  if (n === 0) {
    expect(copy.row('projects', 'p1')).toBeUndefined();
    return;
  }
  expect((copy.row('projects', 'p1')!.value as { name: string }).name).toBe(`Streets ${n}`);
  for (let i = 1; i <= n; i++) {
    const push = testPush(i);
    const image = copy.row('images', `i${i}`)!.value as Record<string, unknown>;
    expect(image).toEqual(push[1].value);
    const tile = copy.row('maskTiles', `i${i}:1:0,0`)!.value as { data: Uint8Array };
    expect(tile.data).toEqual((push[3].value as { data: Uint8Array }).data);
    // Each push deletes the annotation of the one before it.
    expect(copy.row('annotations', `a${i}`)!.value === null).toBe(i < n);
  }
  expect(copy.row('images', `i${n + 1}`)).toBeUndefined();
}

/** Every blob a row names is stored whole under its hash. */
function expectBlobsWhole(copy: ProjectCopy, folder: string): void {
  for (let i = 1; ; i++) {
    const row = copy.row('images', `i${i}`);
    if (!row) break;
    const ref = (row.value as { thumbnail: unknown }).thumbnail;
    expect(isBlobRef(ref)).toBe(true);
    const hash = (ref as { $blob: string }).$blob;
    const bytes = readFileSync(copy.blobs.pathOf(hash));
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(hash);
  }
  expect(readdirSync(path.join(folder, 'blobs', 'incoming'))).toEqual([]);
}

describe('the project copy when its host is killed in the middle of a write', () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-copy-kill-'));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  // Snapshots are written when the copy is created and after every third push (occurrences 2 and 3 fall after pushes 3 and 6).
  const killPoints: [CopyStep, number][] = [
    ['snapshot-page-written', 1],
    ['snapshot-synced', 1],
    ['snapshot-renamed', 1],
    ['blob-piece-written', 1],
    ['blob-piece-written', 4],
    ['blob-synced', 2],
    ['blob-stored', 3],
    ['journal-written', 1],
    ['journal-synced', 1],
    ['acknowledged', 2],
    ['journal-written', 4],
    ['snapshot-page-written', 2],
    ['snapshot-synced', 2],
    ['snapshot-renamed', 2],
    ['journal-cleared', 2],
    ['snapshot-done', 3],
    ['journal-synced', 7],
  ];
  for (const [step, occurrence] of killPoints) {
    it(`killed at ${step} #${occurrence}: every acknowledged push is there, the next one whole or not at all, and the copy takes new pushes`, async () => {
      const child = spawnSync(process.execPath, ['--import', 'tsx', writer, folder, step, String(occurrence), String(PUSHES)], { encoding: 'utf8', timeout: 60_000 });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      const acked = child.stdout.split('\n').filter((line) => line.startsWith('acked ')).length;
      const copy = await ProjectCopy.open(folder);
      try {
        const held = copy.status().seq;
        expect(held === acked || held === acked + 1, `acknowledged ${acked}, the copy holds ${held}`).toBe(true);
        expectStateAfter(copy, held);
        expectBlobsWhole(copy, folder);
        // It goes on: a new push and a snapshot, then the same state after reopening.
        await copy.push([{ table: 'projects', key: 'p2', value: { v: 1, id: 'p2', name: 'After the crash', createdAt: 1, updatedAt: 1 } }]);
        await copy.compact();
      } finally {
        await copy.close();
      }
      const reopened = await ProjectCopy.open(folder);
      try {
        expect(reopened.status().seq).toBe(reopened.row('projects', 'p2')!.seq);
        expect(reopened.status().projects.map((p) => p.id).sort()).toEqual(acked + 1 > 0 && reopened.row('projects', 'p1') ? ['p1', 'p2'] : ['p2']);
      } finally {
        await reopened.close();
      }
    }, 60_000);
  }
});
