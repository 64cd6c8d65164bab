import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../contract/api';
import { saveEdit } from '../db/annotationRepository';
import { addClass, deleteClass, updateClass } from '../db/classRepository';
import { createProject, deleteProject } from '../db/projectRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { captureCommits } from './captureCommits';
import { FakeHostCopy } from './fakeHostCopy.testSupport';
import { HostOutbox } from './hostOutbox';
import { restoreFromHost } from './restoreFromHost';
import { startProjectSync } from './projectSync';
import { hasUnsentWrites, readMarker, setUnsentWrites } from './syncMarker';
import type { SegAdaptApi } from '../../contract/api';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), removeItem: (key: string) => void values.delete(key) };
}

const opened: SegAdaptDatabase[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A browser profile: its own database and localStorage, writes forwarded to `host`. */
function profile(host: FakeHostCopy) {
  const storage = memoryStorage();
  const outbox = new HostOutbox(host, storage, () => 1);
  const db = new SegAdaptDatabase(freshDatabaseName());
  captureCommits(db, outbox);
  opened.push(db);
  const restore = () => restoreFromHost(db, host, storage, (paused) => (outbox.paused = paused));
  return { db, storage, outbox, restore };
}

/** Every row of every table, blobs as bytes, for comparing two stores. */
async function contents(db: SegAdaptDatabase): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of db.tables) {
    const rows = await table.toArray();
    result[table.name] = await Promise.all(
      rows.map(async (row: Record<string, unknown>) => {
        const plain: Record<string, unknown> = {};
        for (const [name, value] of Object.entries(row)) plain[name] = value instanceof Blob ? { blob: [...new Uint8Array(await value.arrayBuffer())], type: value.type } : value;
        return plain;
      }),
    );
  }
  return result;
}

async function labelSomething(db: SegAdaptDatabase) {
  const project = await createProject(db, 'Streets');
  const car = await addClass(db, project.id, 'car');
  await addClass(db, project.id, 'road');
  const image = await addTestImage(db, project.id);
  await saveEdit(db, image.id, { type: 'shapes', changes: [{ before: null, after: { id: 's1', classId: car.classId, geometry: { kind: 'box', x: 1, y: 2, w: 30, h: 40 } } }] }, 'forward');
  const tile = new Uint8Array(256 * 256);
  tile.fill(1, 0, 500);
  await saveEdit(db, image.id, { type: 'mask', tiles: [{ classId: car.classId, tx: 0, ty: 0, before: null, after: tile }] }, 'forward');
  await updateClass(db, car.id, { color: '#123456' });
  return { project, car, image };
}

describe('the host copy, from the renderer', () => {
  it('forwards every committed write of every table once it commits, blobs once by hash', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    const { project, image } = await labelSomething(browser.db);
    await browser.outbox.flushed();
    expect((host.value('projects', project.id) as { name: string }).name).toBe('Streets');
    expect(host.value('annotations', 's1')).toMatchObject({ imageId: image.id, geometry: { kind: 'box', w: 30 } });
    expect((host.value('maskTiles', `${image.id}:1:0,0`) as { data: Uint8Array }).data.subarray(0, 501)).toEqual(new Uint8Array(501).fill(1, 0, 500));
    expect((host.value('images', image.id) as { thumbnail: unknown }).thumbnail).toMatchObject({ $blob: expect.stringMatching(/^[0-9a-f]{64}$/), size: 1 });
    expect(host.value('imageBlobs', image.id)).toMatchObject({ blob: { size: 3, type: 'image/png' } });
    expect(host.blobs.size).toBe(2);
    expect(hasUnsentWrites(browser.storage)).toBe(false);
    expect(readMarker(browser.storage)).toEqual({ storeId: host.storeId, seq: host.seq });
  });

  it('forwards deletions made by queries (a class with its annotations, then the whole project)', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    const { project, car } = await labelSomething(browser.db);
    await deleteClass(browser.db, car.id, { annotations: 'delete' });
    await browser.outbox.flushed();
    expect(host.value('annotations', 's1')).toBeNull();
    expect(host.value('classes', car.id)).toBeNull();
    await deleteProject(browser.db, project.id);
    await browser.outbox.flushed();
    expect([...host.rows.values()].filter((row) => row.value !== null)).toEqual([]);
  });

  it('forwards rows changed by modify() (a class deleted with its annotations moved to another)', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    const { car } = await labelSomething(browser.db);
    await deleteClass(browser.db, car.id, { annotations: 'reassign', toClassId: 2 });
    await browser.outbox.flushed();
    expect(host.value('annotations', 's1')).toMatchObject({ classId: 2 });
    expect(host.value('classes', car.id)).toBeNull();
    expect(Object.keys(await contents(browser.db))).toContain('maskTiles');
    expect([...host.rows.values()].filter((row) => row.table === 'maskTiles' && row.value !== null).map((row) => row.key)).toEqual([expect.stringMatching(/:2:0,0$/)]);
  });

  it('forwards nothing of a transaction that is rolled back', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    await expect(
      browser.db.transaction('rw', browser.db.projects, async () => {
        await browser.db.projects.add({ v: 1, id: 'doomed', name: 'Doomed', createdAt: 1, updatedAt: 1 });
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await new Promise((resolve) => setTimeout(resolve, 20));
    await browser.outbox.flushed();
    expect(host.rows.size).toBe(0);
    expect(hasUnsentWrites(browser.storage)).toBe(false);
  });

  it('restores everything into an empty store (a new port or a cleared browser), and says how much', async () => {
    const host = new FakeHostCopy();
    const first = profile(host);
    await first.restore();
    await labelSomething(first.db);
    await first.outbox.flushed();
    const second = profile(host);
    const report = await second.restore();
    expect(report).toMatchObject({ kind: 'restored', projects: 1, images: 1, rowsPushed: 0, refused: [] });
    expect(await contents(second.db)).toEqual(await contents(first.db));
    // Restored rows are not sent back.
    const pushes = host.pushes;
    await second.outbox.flushed();
    expect(host.pushes).toBe(pushes);
    expect(hasUnsentWrites(second.storage)).toBe(false);
  });

  it('catches a store up when it is behind: new rows, changed rows and deletions since its seq', async () => {
    const host = new FakeHostCopy();
    const a = profile(host);
    await a.restore();
    const { car } = await labelSomething(a.db);
    await a.outbox.flushed();
    const b = profile(host);
    await b.restore();
    // Labeling continues in b while a is closed.
    await updateClass(b.db, car.id, { name: 'vehicle' });
    await deleteClass(b.db, (await b.db.classes.filter((c) => c.name === 'road').first())!.id, { annotations: 'delete' });
    await createProject(b.db, 'Fields');
    await b.outbox.flushed();
    const pushesBefore = host.pushes;
    const report = await a.restore();
    expect(report).toMatchObject({ kind: 'caught-up', rowsPushed: 0 });
    expect(host.pushes).toBe(pushesBefore);
    expect(await contents(a.db)).toEqual(await contents(b.db));
  });

  it('a store with writes the host never acknowledged pushes itself whole at the next start', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    await createProject(browser.db, 'Acknowledged');
    await browser.outbox.flushed();
    // The host goes away for good: the write stays in the browser only, marked unsent.
    host.failNext = new ApiError('bad-request', 'gone');
    await createProject(browser.db, 'Unsent');
    await browser.outbox.flushed();
    expect(hasUnsentWrites(browser.storage)).toBe(true);
    expect([...host.rows.values()].map((row) => (row.value as { name: string }).name)).toEqual(['Acknowledged']);
    const report = await browser.restore();
    expect(report.rowsPushed).toBe(2);
    expect([...host.rows.values()].map((row) => (row.value as { name: string }).name).sort()).toEqual(['Acknowledged', 'Unsent']);
    expect(hasUnsentWrites(browser.storage)).toBe(false);
  });

  it('retries while the host does not answer, in commit order', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    host.failNext = new Error('the connection to the SegAdapt host was lost');
    await createProject(browser.db, 'One');
    await createProject(browser.db, 'Two');
    await browser.outbox.flushed();
    expect([...host.rows.values()].map((row) => (row.value as { name: string }).name)).toEqual(['One', 'Two']);
    expect(browser.outbox.getSnapshot()).toEqual({ waiting: 0, error: null });
  });

  it('leaves out a restored row its validator refuses, and says so', async () => {
    const host = new FakeHostCopy();
    await host.projectCopyPush([
      { table: 'projects', key: 'p1', value: { v: 1, id: 'p1', name: 'Fine', createdAt: 1, updatedAt: 1 } },
      { table: 'classes', key: 'c1', value: { v: 1, id: 'c1', projectId: 'p1', classId: 999, name: 'bad', color: '#ffffff', opacity: 1, visible: true, order: 0 } },
    ]);
    const browser = profile(host);
    const report = await browser.restore();
    expect(report.refused).toEqual([expect.stringContaining('classId')]);
    expect(await browser.db.projects.count()).toBe(1);
    expect(await browser.db.classes.count()).toBe(0);
  });

  it('rebuilds a store that cannot be opened (a corrupted backing store) from the host copy, when every write was acknowledged', async () => {
    const host = new FakeHostCopy();
    const a = profile(host);
    await a.restore();
    await labelSomething(a.db);
    await a.outbox.flushed();
    const name = freshDatabaseName();
    const leftover = new SegAdaptDatabase(name);
    await leftover.projects.add({ v: 1, id: 'stale', name: 'Stale', createdAt: 1, updatedAt: 1 });
    leftover.close();
    const brokenOnce = (unsent: boolean) => {
      let failures = 1;
      const storage = memoryStorage();
      setUnsentWrites(storage, unsent);
      const database = () => {
        const db = new SegAdaptDatabase(name);
        opened.push(db);
        const open = db.open.bind(db);
        const corrupted = Object.assign(new Error('Internal error opening backing store'), { name: 'OpenFailedError', inner: { name: 'UnknownError' } });
        db.open = (() => (failures-- > 0 ? Promise.reject(corrupted) : open())) as typeof db.open;
        return db;
      };
      return startProjectSync(host as unknown as SegAdaptApi, storage, { database, forwardWrites: false });
    };
    // With writes the host never acknowledged, the store is left alone: they may still be read by a fixed build.
    expect((await brokenOnce(true)).restore).toEqual({ error: 'Internal error opening backing store' });
    const sync = await brokenOnce(false);
    expect(sync.restore).toMatchObject({ kind: 'restored', projects: 1, images: 1, rebuiltBecause: 'Internal error opening backing store' });
    const rebuilt = new SegAdaptDatabase(name);
    opened.push(rebuilt);
    expect(await contents(rebuilt)).toEqual(await contents(a.db));
  });

  it('keeps rows of tables this build does not have in the host copy, and pulls them once a build has the table', async () => {
    const host = new FakeHostCopy();
    await host.projectCopyPush([
      { table: 'projects', key: 'p1', value: { v: 1, id: 'p1', name: 'Fine', createdAt: 1, updatedAt: 1 } },
      { table: 'futureTable', key: 'f1', value: { id: 'f1', projectId: 'p1' } },
    ]);
    const browser = profile(host);
    const report = await browser.restore();
    expect(report).toMatchObject({ kind: 'restored', skippedTables: ['futureTable'] });
    expect(readMarker(browser.storage)).toEqual({ storeId: host.storeId, seq: 1, skippedTables: ['futureTable'] });
    // A newer build's database has the table: the next start pulls everything, the new table's rows included.
    class NewerDatabase extends SegAdaptDatabase {
      constructor(name: string) {
        super(name);
        this.version(99).stores({ futureTable: 'id, projectId' });
      }
    }
    browser.db.close();
    const newer = new NewerDatabase(browser.db.name);
    opened.push(newer);
    const again = await restoreFromHost(newer, host, browser.storage, () => undefined);
    expect(again.skippedTables).toEqual([]);
    expect(await newer.table('futureTable').toArray()).toEqual([{ id: 'f1', projectId: 'p1' }]);
    expect(readMarker(browser.storage)).toEqual({ storeId: host.storeId, seq: 1 });
  });

  it('never fails a write it cannot copy (a cycle): the write is stored, the rest is forwarded, the app is told', async () => {
    const host = new FakeHostCopy();
    const browser = profile(host);
    await browser.restore();
    const cyclic: Record<string, unknown> = { v: 1, id: 'loop', name: 'Loop', createdAt: 1, updatedAt: 1 };
    cyclic.self = cyclic;
    await browser.db.projects.put(cyclic as never);
    // A class instance is stored by IndexedDB as a plain object, and copied as one.
    await browser.db.table('jobs').put({ id: 'j1', projectId: 'p', when: new (class Stamp {})() });
    await createProject(browser.db, 'Fine');
    await browser.outbox.flushed();
    expect(await browser.db.projects.get('loop')).toBeDefined();
    expect([...host.rows.values()].filter((row) => row.table === 'projects').map((row) => (row.value as { name: string }).name)).toEqual(['Fine']);
    expect(host.value('jobs', 'j1')).toEqual({ id: 'j1', projectId: 'p', when: {} });
    expect(browser.outbox.getSnapshot().error).toMatch(/could not be copied to the host/);
    expect(hasUnsentWrites(browser.storage)).toBe(true);
  });
});
