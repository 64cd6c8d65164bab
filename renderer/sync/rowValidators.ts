// Rows coming back from the host copy pass the same record validators (and migrations) as rows read
// from Dexie. Found by name, so a table added with its `read<Record>` validator is covered without a
// change here: `projects` -> readProject, `classes` -> readClass, `labelingTime` -> readLabelingTime.
// A table without one (imageBlobs) is taken as stored.

import * as validators from '../db/validateRecords';

type Validator = (raw: unknown) => unknown;

const capitalised = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

export function validatorFor(table: string): Validator | null {
  const found = validators as unknown as Record<string, unknown>;
  const singulars = [table, table.replace(/es$/, ''), table.replace(/s$/, '')];
  for (const singular of singulars) {
    const candidate = found[`read${capitalised(singular)}`];
    if (typeof candidate === 'function') return candidate as Validator;
  }
  return null;
}

/** The row as it may be stored, or the reason it may not. */
export function checkRow(table: string, value: unknown): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, reason: `${table}: not an object` };
  const validate = validatorFor(table);
  if (!validate) return { ok: true, value };
  try {
    return { ok: true, value: validate(value) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
