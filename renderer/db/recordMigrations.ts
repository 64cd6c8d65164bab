// Numbered migrations of stored record shapes: migrations[kind][n] turns a v(n) record into v(n+1).
// Dexie's version(n).upgrade runs them over stored rows; readers run them too, so a row written by
// an older build that slipped past an upgrade is still read correctly.

type AnyRecord = Record<string, unknown> & { v?: number };
type Migration = (record: AnyRecord) => AnyRecord;

export const recordMigrations: Record<string, Record<number, Migration>> = {
  image: {
    // v2: the "fully labeled" flag; images from v1 were never marked so.
    1: (record) => ({ ...record, v: 2, fullyLabeled: false }),
  },
  proposal: {
    // v2: each instance gets an id (review decisions name it); derived from the row, so it is the same on every read.
    1: (record) => ({
      ...record,
      v: 2,
      instances: (Array.isArray(record.instances) ? record.instances : []).map((instance: Record<string, unknown>, index: number) => ({
        ...instance,
        id: `${String(record.imageId)}.${Number(record.createdAt).toString(36)}.${index}`,
      })),
    }),
  },
  job: {
    // v2: the 'interrupted' outcome, the engine job id and the one-line outcome; v1 rows were never written.
    1: (record) => ({ ...record, v: 2, engineJobId: null, detail: null }),
  },
};

export const currentRecordVersion: Record<string, number> = {
  project: 1,
  image: 2,
  class: 1,
  annotation: 1,
  maskTile: 1,
  modelVersion: 1,
  proposal: 2,
  job: 2,
  reviewDecision: 1,
  labelingTime: 1,
};

export function migrateRecord(kind: string, record: AnyRecord): AnyRecord {
  let migrated = record;
  const target = currentRecordVersion[kind];
  let version = migrated.v ?? 1;
  while (version < target) {
    const step = recordMigrations[kind]?.[version];
    if (!step) throw new Error(`No migration for ${kind} records from v${version}`);
    migrated = step(migrated);
    version = migrated.v ?? version + 1;
  }
  if (version > target) throw new Error(`A ${kind} record is v${version}, newer than this build knows (v${target})`);
  return migrated;
}
