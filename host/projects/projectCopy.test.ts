import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProjectCopy } from './projectCopy';
import { testBlob, testPush } from './testRows';

describe('the project copy', () => {
  let folder: string;
  const open: ProjectCopy[] = [];
  const openCopy = async (options = {}) => {
    const copy = await ProjectCopy.open(folder, options);
    open.push(copy);
    return copy;
  };
  const closeAll = async () => {
    for (const copy of open.splice(0)) await copy.close();
  };
  beforeEach(() => {
    folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-copy-'));
  });
  afterEach(async () => {
    await closeAll();
    rmSync(folder, { recursive: true, force: true });
  });

  async function pushWithBlob(copy: ProjectCopy, n: number) {
    const { hash, bytes } = testBlob(n);
    await copy.blobs.put({ hash, offset: 0, total: bytes.byteLength, data: bytes });
    return copy.push(testPush(n));
  }

  it('keeps pushes across a restart, with a stable id, and pulls what changed after a seq', async () => {
    const copy = await openCopy();
    const { storeId } = copy.status();
    for (let n = 1; n <= 4; n++) expect(await pushWithBlob(copy, n)).toEqual({ seq: n, previousSeq: n - 1 });
    await closeAll();
    const again = await openCopy();
    expect(again.status()).toEqual({ storeId, seq: 4, projects: [{ id: 'p1', name: 'Streets 4', revision: 4, images: 4 }] });
    const since3 = again.pull({ afterSeq: 3, cursor: null, maxBytes: 1 << 20 });
    expect(since3.changes.map((c) => `${c.table}:${JSON.stringify(c.key)}:${c.value === null ? 'deleted' : 'row'}`).sort()).toEqual(
      ['annotations:"a3":deleted', 'annotations:"a4":row', 'images:"i4":row', 'maskTiles:"i4:1:0,0":row', 'projects:"p1":row'],
    );
  });

  it('pulls everything in pages that add up to the whole, without deletions', async () => {
    const copy = await openCopy();
    for (let n = 1; n <= 6; n++) await pushWithBlob(copy, n);
    const seen = new Map<string, unknown>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = copy.pull({ afterSeq: 0, cursor, maxBytes: 10_000 });
      for (const change of page.changes) seen.set(`${change.table}:${JSON.stringify(change.key)}`, change.value);
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(2);
    expect(seen.size).toBe(1 + 6 + 1 + 6);
    expect([...seen.values()].every((value) => value !== null)).toBe(true);
  });

  it('refuses rows naming a blob it does not have, and malformed changes, without journaling them', async () => {
    const copy = await openCopy();
    await expect(copy.push(testPush(1))).rejects.toThrow(/not uploaded/);
    await expect(copy.push([{ table: 'bad name', key: 'x', value: {} }])).rejects.toThrow(/table name/);
    await expect(copy.push([{ table: 'projects', key: { no: 1 }, value: {} }])).rejects.toThrow(/key/);
    await expect(copy.push([{ table: 'projects', key: 'x', value: [1] }])).rejects.toThrow(/object/);
    expect(copy.status().seq).toBe(0);
  });

  it('refuses a blob whose bytes do not hash to its name', async () => {
    const copy = await openCopy();
    const { hash } = testBlob(1);
    await expect(copy.blobs.put({ hash, offset: 0, total: 3, data: new Uint8Array([1, 2, 3]) })).rejects.toThrow(/hash to/);
    expect(copy.blobs.has(hash)).toBe(false);
  });

  it('after a power cut tears the last journal record at any byte, reopens with the pushes before it', async () => {
    const copy = await openCopy();
    await pushWithBlob(copy, 1);
    await pushWithBlob(copy, 2);
    const journal = path.join(folder, 'journal.log');
    const whole = statSync(journal).size;
    await copy.push([{ table: 'projects', key: 'p9', value: { v: 1, id: 'p9', name: 'torn', createdAt: 1, updatedAt: 1 } }]);
    const withThird = statSync(journal).size;
    await closeAll();
    for (const cut of [whole + 1, whole + 11, whole + 12, Math.floor((whole + withThird) / 2), withThird - 1]) {
      const bytes = readFileSync(journal);
      truncateSync(journal, cut);
      const reopened = await openCopy();
      expect(reopened.status().seq).toBe(2);
      expect(reopened.row('projects', 'p9')).toBeUndefined();
      await closeAll();
      writeFileSync(journal, bytes);
    }
  });

  it('a second host on the same folder is refused while the first runs', async () => {
    await openCopy();
    await expect(ProjectCopy.open(folder)).rejects.toThrow(/another SegAdapt host/);
  });

  it('writes snapshots as it goes and drops blobs no row names', async () => {
    const copy = await openCopy({ snapshotAfterPushes: 2, blobGraceMs: 0 });
    for (let n = 1; n <= 4; n++) await pushWithBlob(copy, n);
    await copy.push([{ table: 'images', key: 'i1', value: null }]);
    await copy.compact();
    expect(copy.blobs.has(testBlob(1).hash)).toBe(false);
    expect(copy.blobs.has(testBlob(2).hash)).toBe(true);
    await closeAll();
    expect(statSync(path.join(folder, 'journal.log')).size).toBe(0);
    const again = await openCopy();
    expect(again.status().seq).toBe(5);
    expect(again.row('images', 'i1')!.value).toBeNull();
  });
});

describe('mask tiles in the project copy', () => {
  it('are held deflated and pulled back byte for byte, and pages count them inflated', async () => {
    const folder = mkdtempSync(path.join(os.tmpdir(), 'segadapt-copy-pack-'));
    try {
      const copy = await ProjectCopy.open(folder);
      const tiles = Array.from({ length: 20 }, (_, i) => {
        const data = new Uint8Array(65536);
        data.fill(1, i * 100, i * 100 + 3000);
        return { table: 'maskTiles', key: `t${i}`, value: { v: 1, id: `t${i}`, projectId: 'p', data, size: 256 } };
      });
      await copy.push(tiles);
      await copy.close();
      expect(statSync(path.join(folder, 'journal.log')).size).toBeLessThan(20 * 65536 / 10);
      const again = await ProjectCopy.open(folder);
      const pages: number[] = [];
      let cursor: string | null = null;
      const pulled = new Map<string, Uint8Array>();
      do {
        const page = again.pull({ afterSeq: 0, cursor, maxBytes: 200_000 });
        pages.push(page.changes.length);
        for (const change of page.changes) pulled.set(change.key as string, (change.value as { data: Uint8Array }).data);
        cursor = page.cursor;
      } while (cursor);
      expect(pages.every((n) => n <= 3)).toBe(true);
      for (const tile of tiles) expect(pulled.get(tile.key)).toEqual(tile.value.data);
      await again.close();
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
