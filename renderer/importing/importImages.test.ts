import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createProject } from '../db/projectRepository';
import { freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import type { ImageDecoder } from './imageDecoder';
import { importImages } from './importImages';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** PNG-signed bytes whose "size" the fake decoder reads from byte 8; byte 9 = 0 makes it fail like a truncated file. */
function fakePng(width: number, decodable = true, salt = 0): Blob {
  return new Blob([new Uint8Array([...PNG_SIGNATURE, width, decodable ? 1 : 0, salt])]);
}

const fakeDecoder: ImageDecoder = {
  async decode(blob) {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    if (!bytes[9]) throw new Error('truncated');
    return { width: bytes[8], height: 7, thumbnail: new Blob([new Uint8Array([9])]) };
  },
};

describe('importImages', () => {
  it('imports images, skips non-images and undecodable files naming them, and spots duplicates by content', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const progress: number[] = [];
    const report = await importImages(
      db,
      project.id,
      [
        { name: 'a.png', file: fakePng(10) },
        { name: 'notes.txt', file: new Blob(['hello']) },
        { name: 'broken.png', file: fakePng(11, false) },
        { name: 'b.png', file: fakePng(12) },
        { name: 'a copy.png', file: fakePng(10) },
      ],
      fakeDecoder,
      ({ done }) => progress.push(done),
    );
    expect(report.imported.map((i) => [i.name, i.width, i.height, i.status])).toEqual([
      ['a.png', 10, 7, 'unlabeled'],
      ['b.png', 12, 7, 'unlabeled'],
    ]);
    expect(report.skipped).toEqual([
      { name: 'notes.txt', reason: 'not a PNG, JPEG, WebP or BMP image' },
      { name: 'broken.png', reason: 'is damaged or incomplete: the PNG data could not be decoded' },
    ]);
    expect(report.duplicates).toEqual(['a copy.png']);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(await db.images.count()).toBe(2);
    const blob = await db.imageBlobs.get(report.imported[0].id);
    expect(new Uint8Array(await blob!.blob.arrayBuffer())).toEqual(new Uint8Array([...PNG_SIGNATURE, 10, 1, 0]));
    expect(report.imported[0].contentHash).toMatch(/^[0-9a-f]{64}$/);

    const again = await importImages(db, project.id, [{ name: 'a.png', file: fakePng(10) }], fakeDecoder);
    expect(again.duplicates).toEqual(['a.png']);
    const otherProject = await createProject(db, 'Q');
    const elsewhere = await importImages(db, otherProject.id, [{ name: 'a.png', file: fakePng(10) }], fakeDecoder);
    expect(elsewhere.imported).toHaveLength(1);
    db.close();
  });

  it('skips a file whose header announces more pixels than the limit without decoding it', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    const header = new Uint8Array(33);
    header.set(PNG_SIGNATURE);
    header.set([0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52], 8);
    new DataView(header.buffer).setUint32(16, 20_000);
    new DataView(header.buffer).setUint32(20, 20_000);
    let decoded = 0;
    const countingDecoder: ImageDecoder = { decode: async (blob) => (decoded++, fakeDecoder.decode(blob)) };
    const report = await importImages(db, project.id, [{ name: 'bomb.png', file: new Blob([header]) }], countingDecoder);
    expect(report.skipped).toEqual([{ name: 'bomb.png', reason: expect.stringMatching(/declares 20000x20000 pixels, more than the limit of 50,000,000/) }]);
    expect(decoded).toBe(0);
    expect(await db.images.count()).toBe(0);
  });
});
