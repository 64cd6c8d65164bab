import Dexie, { type Table, type Transaction } from 'dexie';
import type { AnnotationRecord, ClassRecord, ImageBlobRecord, ImageRecord, JobRecord, LabelingTimeRecord, MaskTileRecord, ModelVersionRecord, ProjectRecord, ProposalRecord, ReviewDecisionRecord } from './records';
import { migrateRecord } from './recordMigrations';

export const DATABASE_NAME = 'segadapt';

const SCHEMA_V1 = {
  projects: 'id, updatedAt',
  images: 'id, projectId, [projectId+contentHash], *classIds',
  imageBlobs: 'imageId',
  classes: 'id, projectId, [projectId+classId]',
  annotations: 'id, imageId, projectId, [projectId+classId]',
  maskTiles: 'id, imageId, projectId, [imageId+classId], [projectId+classId]',
  models: 'id, projectId',
  jobs: 'id, projectId, startedAt',
};

// v3: the never-written `models` table gives way to `modelVersions` (one row per finished adaptation).
const SCHEMA_V3 = { ...SCHEMA_V1, models: null, modelVersions: 'id, projectId' };

// v4: a model version's pre-labels, one row per image, apart from the human annotations.
const SCHEMA_V4 = { ...SCHEMA_V3, proposals: 'imageId, projectId, modelVersionId' };

// v5: review decisions (one row per decided proposal, beside the annotation it became) and active labeling time per image.
const SCHEMA_V5 = {
  ...SCHEMA_V4,
  reviewDecisions: 'id, projectId, imageId, modelVersionId, annotationId',
  labelingTime: 'id, projectId, imageId, modelVersionId',
};

const migrateTable = (tx: Transaction, table: string, kind: string) =>
  tx
    .table(table)
    .toCollection()
    .modify((row: Record<string, unknown>, ref: { value: unknown }) => {
      ref.value = migrateRecord(kind, row);
    });

/** Projects, images (blobs + thumbnails), classes, annotations, mask tiles, adapted models, their proposals, review decisions, labeling time and job history. */
export class SegAdaptDatabase extends Dexie {
  projects!: Table<ProjectRecord, string>;
  images!: Table<ImageRecord, string>;
  imageBlobs!: Table<ImageBlobRecord, string>;
  classes!: Table<ClassRecord, string>;
  annotations!: Table<AnnotationRecord, string>;
  maskTiles!: Table<MaskTileRecord, string>;
  modelVersions!: Table<ModelVersionRecord, string>;
  proposals!: Table<ProposalRecord, string>;
  reviewDecisions!: Table<ReviewDecisionRecord, string>;
  labelingTime!: Table<LabelingTimeRecord, string>;
  jobs!: Table<JobRecord, string>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    // v2: image records gain the "fully labeled" flag (recordMigrations image 1 -> 2).
    this.version(2)
      .stores(SCHEMA_V1)
      .upgrade((tx) =>
        tx
          .table('images')
          .toCollection()
          .modify((image: Record<string, unknown>, ref: { value: unknown }) => {
            ref.value = migrateRecord('image', image);
          }),
      );
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    // v5: proposals v2 (instance ids) and jobs v2 (interrupted runs), see recordMigrations.
    this.version(5)
      .stores(SCHEMA_V5)
      .upgrade(async (tx) => {
        await migrateTable(tx, 'proposals', 'proposal');
        await migrateTable(tx, 'jobs', 'job');
      });
  }
}

/** Version 1 of the database exactly as it was declared, so the upgrade can be tested. */
export function openVersion1Database(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(SCHEMA_V1);
  return db;
}

/** Version 4 of the database as it was declared (proposals v1, no review tables), so the v5 upgrade can be tested. */
export function openVersion4Database(name: string): Dexie {
  const db = new Dexie(name);
  db.version(4).stores(SCHEMA_V4);
  return db;
}
