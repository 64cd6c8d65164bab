import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { loadImageAnnotations, saveEdit } from '../db/annotationRepository';
import { addClass, listClasses } from '../db/classRepository';
import { EditWriter } from '../db/editWriter';
import { listProjectLabelingTime } from '../db/labelingTimeRepository';
import { createProject, deleteProject } from '../db/projectRepository';
import { putImageProposals } from '../db/proposalRepository';
import { addTestImage, freshDatabaseName, SegAdaptDatabase } from '../db/testDatabase';
import { Editor } from '../editor/editor';
import { screenPoint } from '../geometry/points';
import { toEditorClasses } from '../workspace/editorClasses';
import { HelpingStore } from './helpingStore';
import { polygonIoU } from './helpingStats';
import { IDLE_MS, LabelingTimer } from './labelingTimer';
import { ReviewStore } from './reviewStore';

const square = (x: number, side = 10): number[] => [x, x, x + side, x, x + side, x + side, x, x + side];

describe('is it helping', () => {
  it('polygon IoU: identical 1, disjoint 0, half-overlapping squares 1/3', () => {
    expect(polygonIoU(square(0), square(0))).toBe(1);
    expect(polygonIoU(square(0), square(50))).toBe(0);
    expect(polygonIoU([0, 0, 10, 0, 10, 10, 0, 10], [5, 0, 15, 0, 15, 10, 5, 10])).toBeCloseTo(1 / 3, 2);
    // Large shapes are rasterised on a coarser grid and still come out right.
    expect(polygonIoU([0, 0, 4000, 0, 4000, 4000, 0, 4000], [0, 0, 4000, 0, 4000, 2000, 0, 2000])).toBeCloseTo(0.5, 2);
  });

  it('counts active time per image with and without proposals (pauses over the idle limit count nothing), and the decisions per version', async () => {
    const db = new SegAdaptDatabase(freshDatabaseName());
    const project = await createProject(db, 'P');
    await addClass(db, project.id, 'cell');
    const assisted = await addTestImage(db, project.id);
    const manual = await addTestImage(db, project.id);
    await putImageProposals(db, { imageId: assisted.id, modelVersionId: 'm1', instances: [{ id: 'p1', classId: 1, score: 0.4, polygon: square(0) }, { id: 'p2', classId: 1, score: 0.5, polygon: square(20) }, { id: 'p3', classId: 1, score: 0.6, polygon: square(40) }, { id: 'p4', classId: 1, score: 0.7, polygon: square(60) }], meanConfidence: 0.9 });
    const writer = new EditWriter(db, () => undefined, (error) => {
      throw error;
    });
    let ids = 0;
    const editor = new Editor(writer, () => `s${++ids}`);
    editor.setClasses(toEditorClasses(await listClasses(db, project.id)));
    const open = async (imageId: string) => {
      await writer.flushed();
      const stored = await loadImageAnnotations(db, imageId);
      editor.openImage({ id: imageId, width: 400, height: 300 }, stored.document, stored.tiles);
      for (let i = 0; i < 10; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    };
    const review = new ReviewStore({ db, editor, openImage: open, newId: () => `s${++ids}` });
    await review.showProject(project.id);
    let now = 0;
    const timer = new LabelingTimer({
      db,
      editor,
      projectId: () => project.id,
      proposalVersionOf: (imageId) => (review.getSnapshot().proposal?.imageId === imageId ? review.getSnapshot().proposal!.modelVersionId : null),
      now: () => now,
    });
    const move = (ms: number) => {
      now += ms;
      editor.pointerMove({ screen: screenPoint(10, 10), button: 0, clickCount: 1, shift: false, alt: false, mod: false });
    };

    await open(manual.id);
    move(1000);
    move(2000);
    move(IDLE_MS + 1); // a pause: not labeling
    move(500);
    await saveEdit(db, manual.id, { type: 'shapes', changes: [{ before: null, after: { id: 'h0', classId: 1, geometry: { kind: 'box', x: 0, y: 0, w: 5, h: 5 } } }] }, 'forward');

    await open(assisted.id);
    move(4000);
    review.accept(); // p1 kept as it is
    review.reject(); // p2
    review.edit(); // p3, then moved
    const edited = editor.getState().document.shapes.find((s) => s.id === editor.getState().selectedShapeId)!;
    editor.commitEdit({ type: 'shapes', changes: [{ before: edited, after: { ...edited, geometry: { kind: 'polygon', points: [45, 40, 55, 40, 55, 50, 45, 50] } } }] });
    editor.commitEdit({ type: 'shapes', changes: [{ before: null, after: { id: 'h1', classId: 1, geometry: { kind: 'box', x: 90, y: 90, w: 5, h: 5 } } }] });
    move(2000);
    await open(manual.id);
    await timer.flush();
    await writer.flushed();

    const times = await listProjectLabelingTime(db, project.id);
    expect(times.map((t) => [t.imageId, t.modelVersionId, t.activeMs]).sort()).toEqual([
      [assisted.id, 'm1', 6000],
      [manual.id, null, 3500],
    ].sort());

    const helping = new HelpingStore(db);
    await helping.refresh(project.id);
    const report = helping.getSnapshot().report!;
    expect(report.versions).toHaveLength(1);
    const [m1] = report.versions;
    expect(m1).toMatchObject({ modelVersionId: 'm1', acceptedUnchanged: 1, edited: 1, rejected: 1, humanAdded: 1, timedImages: 1, meanSeconds: 6 });
    expect(m1.editedIoUs[0]).toBeCloseTo(1 / 3, 2);
    expect(report.unassisted).toEqual({ timedImages: 1, meanSeconds: 3.5 });

    // Nothing of it outlives the project.
    await deleteProject(db, project.id);
    expect([await db.reviewDecisions.count(), await db.labelingTime.count()]).toEqual([0, 0]);
  });
});
