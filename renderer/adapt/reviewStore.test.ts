import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadImageAnnotations, saveEdit } from '../db/annotationRepository';
import { addClass } from '../db/classRepository';
import { EditWriter } from '../db/editWriter';
import { createProject } from '../db/projectRepository';
import { putImageProposals } from '../db/proposalRepository';
import type { ProposalRecord, ReviewDecisionRecord } from '../db/records';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { readProposal } from '../db/validateRecords';
import { Editor } from '../editor/editor';
import { toEditorClasses } from '../workspace/editorClasses';
import { listClasses } from '../db/classRepository';
import { reviewCommandFor } from './reviewKeys';
import { buildReviewQueue, nextInQueue } from './reviewQueue';
import { ReviewStore } from './reviewStore';

const square = (x: number, side = 10): number[] => [x, x, x + side, x, x + side, x + side, x, x + side];
const proposal = (id: string, classId: number, score: number, x = 0) => ({ id, classId, score, polygon: square(x) });

async function setup() {
  const db = new SegAdaptDatabase(freshDatabaseName());
  const project = await createProject(db, 'P');
  await addClass(db, project.id, 'cell');
  await addClass(db, project.id, 'debris');
  const [a, b, c] = [await addTestImage(db, project.id), await addTestImage(db, project.id), await addTestImage(db, project.id)];
  await putImageProposals(db, { imageId: a.id, modelVersionId: 'm1', instances: [proposal('a1', 1, 0.9), proposal('a2', 1, 0.3, 20), proposal('a3', 2, 0.6, 40), proposal('a4', 2, 0.2, 60)], meanConfidence: 0.8 });
  await putImageProposals(db, { imageId: b.id, modelVersionId: 'm1', instances: [proposal('b1', 1, 0.1)], meanConfidence: 0.7 });
  await putImageProposals(db, { imageId: c.id, modelVersionId: 'm1', instances: [proposal('c1', 1, 0.95)], meanConfidence: 0.9 });
  const writer = new EditWriter(db, () => undefined, (error) => {
    throw error;
  });
  let ids = 0;
  const editor = new Editor(writer, () => `shape-${++ids}`);
  editor.setClasses(toEditorClasses(await listClasses(db, project.id)));
  const openImage = async (imageId: string) => {
    await writer.flushed();
    const stored = await loadImageAnnotations(db, imageId);
    editor.openImage({ id: imageId, width: 400, height: 300 }, stored.document, stored.tiles);
  };
  const storage = new Map<string, string>();
  const makeStore = () =>
    new ReviewStore({ db, editor, openImage, newId: () => `shape-${++ids}`, now: () => 1000, storage: { getItem: (k) => storage.get(k) ?? null, setItem: (k, v) => void storage.set(k, v) } });
  const store = makeStore();
  await store.showProject(project.id);
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    await writer.flushed();
  };
  return { db, project, images: { a, b, c }, editor, writer, store, makeStore, openImage, settle };
}

const decisionsIn = async (db: SegAdaptDatabase, imageId: string) =>
  (await db.reviewDecisions.where('imageId').equals(imageId).toArray()).map((d) => [d.proposal.id, d.decision, d.via]).sort();

describe('review', () => {
  it('queues the least confident images first and says why', async () => {
    const { store, images } = await setup();
    const queue = store.getSnapshot().queue;
    expect(queue.map((q) => q.imageId)).toEqual([images.b.id, images.a.id, images.c.id]);
    expect(queue.map((q) => q.reason)).toEqual(['least confident proposal 10%', 'least confident proposal 20%', 'mean pixel confidence 90%']);
    expect(queue.map((q) => [q.pending, q.total])).toEqual([[1, 1], [4, 4], [1, 1]]);
  });

  it('keeps one slot in five for a random image, the same after a reload', () => {
    const rows = Array.from({ length: 12 }, (_, i): ProposalRecord => readProposal({ v: 2, imageId: `i${String(i).padStart(2, '0')}`, projectId: 'p', modelVersionId: 'm', instances: [{ id: `p${i}`, classId: 1, score: i / 20, polygon: square(0) }], meanConfidence: 1, createdAt: 1 }));
    const queue = buildReviewQueue(rows, [], 'seed');
    expect(queue.map((q) => q.random)).toEqual([false, false, false, false, true, false, false, false, false, true, false, false]);
    expect(queue[4].reason).toMatch(/^random pick \(1 in 5\), least confident proposal \d+%$/);
    expect(queue.filter((q) => !q.random).map((q) => q.confidence)).toEqual([...queue.filter((q) => !q.random).map((q) => q.confidence)].sort((x, y) => x - y));
    expect(buildReviewQueue(rows, [], 'seed')).toEqual(queue);
    expect(new Set(queue.map((q) => q.imageId)).size).toBe(12);
    // Reviewed images go last; "next" skips them.
    const decided: ReviewDecisionRecord[] = [{ v: 1, id: 'i00:p0', projectId: 'p', imageId: 'i00', modelVersionId: 'm', proposal: rows[0].instances[0], decision: 'rejected', via: 'reject', annotationId: null, decidedAt: 1 }];
    const after = buildReviewQueue(rows, decided, 'seed');
    expect(after.at(-1)).toMatchObject({ imageId: 'i00', pending: 0 });
    expect(nextInQueue(after, after.at(-2)!.imageId)?.imageId).toBe(after[0].imageId);
  });

  it('Tab walks the proposals lowest confidence first; A accepts as a model-assisted label, X rejects, E accepts and selects for editing', async () => {
    const { db, store, editor, images, openImage, settle } = await setup();
    await openImage(images.a.id);
    await settle();
    const review = () => store.getSnapshot().review!;
    expect(review().shown.map((i) => i.id)).toEqual(['a4', 'a2', 'a3', 'a1']);
    expect(review().focused?.id).toBe('a4');
    store.focusStep(1);
    expect(review().focused?.id).toBe('a2');
    store.focusStep(-1);
    store.focusStep(-1);
    expect(review().focused?.id).toBe('a1');
    store.focusStep(1);

    expect(store.accept()).toBe(true); // a4
    expect(review().focused?.id).toBe('a2');
    expect(store.reject()).toBe(true); // a2
    expect(review().focused?.id).toBe('a3');
    expect(store.edit()).toBe(true); // a3
    expect(editor.getState()).toMatchObject({ tool: 'select', selectedShapeId: 'shape-2' });
    await settle();
    expect(review().shown.map((i) => i.id)).toEqual(['a1']);
    expect(await decisionsIn(db, images.a.id)).toEqual([['a2', 'rejected', 'reject'], ['a3', 'accepted', 'edit'], ['a4', 'accepted', 'accept']]);
    const annotations = await db.annotations.where('imageId').equals(images.a.id).toArray();
    expect(annotations.map((a) => [a.source, a.classId, a.geometry])).toEqual(expect.arrayContaining([['predicted', 2, { kind: 'polygon', points: square(60) }], ['predicted', 2, { kind: 'polygon', points: square(40) }]]));
    expect(annotations).toHaveLength(2);
    // The original proposal stays beside the final shape.
    const edited = (await db.reviewDecisions.get(`${images.a.id}:a3`))!;
    expect(edited).toMatchObject({ annotationId: 'shape-2', proposal: { id: 'a3', polygon: square(40), score: 0.6 } });
    expect(store.getSnapshot().queue.find((q) => q.imageId === images.a.id)?.pending).toBe(1);

    // Editing the accepted shape keeps it model-assisted.
    const shape = editor.getState().document.shapes.find((s) => s.id === 'shape-2')!;
    editor.commitEdit({ type: 'shapes', changes: [{ before: shape, after: { ...shape, geometry: { kind: 'polygon', points: square(41) } } }] });
    await settle();
    expect((await db.annotations.get('shape-2'))!.source).toBe('predicted');
    expect((await db.images.get(images.a.id))!.status).toBe('pre-labeled');
  });

  it('every decision is undone and redone with the editor history, in the database too', async () => {
    const { db, store, editor, images, openImage, settle } = await setup();
    await openImage(images.a.id);
    await settle();
    store.acceptAllShown();
    await settle();
    expect(await db.annotations.where('imageId').equals(images.a.id).count()).toBe(4);
    expect(store.getSnapshot().review!.pending).toHaveLength(0);
    expect((await db.images.get(images.a.id))!.status).toBe('labeled');
    expect(store.getSnapshot().queue.find((q) => q.imageId === images.a.id)?.pending).toBe(0);

    editor.runAction('undo');
    await settle();
    expect(await db.annotations.where('imageId').equals(images.a.id).count()).toBe(0);
    expect(await db.reviewDecisions.count()).toBe(0);
    expect(store.getSnapshot().review!.shown).toHaveLength(4);
    expect((await db.images.get(images.a.id))!.status).toBe('pre-labeled');

    store.reject();
    editor.runAction('undo');
    editor.runAction('redo');
    await settle();
    expect(await decisionsIn(db, images.a.id)).toEqual([['a4', 'rejected', 'reject']]);

    // A decision undone after the image was left and reopened in the session still undoes.
    await openImage(images.b.id);
    await openImage(images.a.id);
    editor.runAction('undo');
    await settle();
    expect(await db.reviewDecisions.count()).toBe(0);
  });

  it('a class threshold hides its proposals below it at once, says how many, and Shift+A accepts only those shown', async () => {
    const { db, store, images, openImage, settle, makeStore, project } = await setup();
    await openImage(images.a.id);
    await settle();
    store.setThreshold(2, 0.5);
    let review = store.getSnapshot().review!;
    expect(review.shown.map((i) => i.id)).toEqual(['a2', 'a3', 'a1']);
    expect([review.hidden, review.hiddenByClass.get(2)]).toEqual([1, 1]);
    store.setThreshold(1, 0.5);
    review = store.getSnapshot().review!;
    expect(review.shown.map((i) => i.id)).toEqual(['a3', 'a1']);
    expect(review.hidden).toBe(2);
    store.acceptAllShown();
    await settle();
    expect(await decisionsIn(db, images.a.id)).toEqual([['a1', 'accepted', 'acceptAll'], ['a3', 'accepted', 'acceptAll']]);
    expect(store.getSnapshot().review!.hidden).toBe(2);
    // Thresholds are kept per project.
    const again = makeStore();
    await again.showProject(project.id);
    expect(again.getSnapshot().thresholds).toEqual({ 1: 0.5, 2: 0.5 });
  });

  it('decisions are still there after a reload, and Enter / N opens the next image to review', async () => {
    const { db, store, editor, images, openImage, settle, makeStore, project } = await setup();
    await openImage(images.a.id);
    await settle();
    store.accept();
    store.reject();
    await settle();
    const reloaded = makeStore();
    await reloaded.showProject(project.id);
    await openImage(images.c.id);
    await openImage(images.a.id);
    await settle();
    expect(reloaded.getSnapshot().review!.pending.map((i) => i.id).sort()).toEqual(['a1', 'a3']);
    expect(reloaded.getSnapshot().review!.decided).toBe(2);
    expect(await db.annotations.where('imageId').equals(images.a.id).count()).toBe(1);

    expect(await reloaded.nextImage()).toBe(true);
    expect(editor.getState().image?.id).toBe(images.c.id);
    expect(await reloaded.nextImage()).toBe(true);
    expect(editor.getState().image?.id).toBe(images.b.id);
    void store;
  });

  it('keys: A X E Tab Shift+A act only while a proposal is shown and the editor is idle; Enter / N while the queue has work', () => {
    const ctx = { hasShown: true, queued: true, idle: true };
    const key = (k: string, shift = false, mod = false) => ({ key: k, shift, alt: false, mod });
    expect(['a', 'x', 'e', 'Tab', 'Enter', 'n'].map((k) => reviewCommandFor(key(k), ctx))).toEqual(['accept', 'reject', 'edit', 'next', 'nextImage', 'nextImage']);
    expect(reviewCommandFor(key('A', true), ctx)).toBe('acceptAllShown');
    expect(reviewCommandFor(key('Tab', true), ctx)).toBe('previous');
    expect(reviewCommandFor(key('z', false, true), ctx)).toBeNull();
    expect(reviewCommandFor(key('e'), { ...ctx, hasShown: false })).toBeNull();
    expect(reviewCommandFor(key('Enter'), { ...ctx, idle: false })).toBeNull();
    expect(reviewCommandFor(key('n'), { hasShown: false, queued: false, idle: true })).toBeNull();
  });

  it('a human shape drawn on a reviewed image stays manual', async () => {
    const { db, images, openImage, settle } = await setup();
    await openImage(images.b.id);
    await saveEdit(db, images.b.id, { type: 'shapes', changes: [{ before: null, after: { id: 'h', classId: 1, geometry: { kind: 'box', x: 1, y: 1, w: 3, h: 3 } } }] }, 'forward');
    await settle();
    expect((await db.annotations.get('h'))!.source).toBe('manual');
  });
});
