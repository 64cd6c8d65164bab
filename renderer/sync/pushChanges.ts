// Sends captured changes to the host copy: their blobs first (only those it lacks), then the rows in
// as few pushes as the message limit allows (one transaction's changes stay in one push unless that
// alone is over the limit).

import type { SegAdaptApi } from '../../contract/api';
import type { PushResult, RowChange } from '../../contract/projectCopy';
import { MAX_MESSAGE_BYTES } from '../../contract/wireLimits';
import { uploadBlobs } from './blobTransfer';
import type { CapturedChange } from './captureCommits';
import { blobsIn, toWire, UncopyableRowError, wireBytes } from './wireRows';

export type PushApi = Pick<SegAdaptApi, 'projectCopyMissingBlobs' | 'projectCopyPutBlob' | 'projectCopyPush'>;

/** The most row bytes one push carries: half the message limit leaves room for the framing. */
export const MAX_PUSH_BYTES = Math.floor(MAX_MESSAGE_BYTES / 2);

export interface PushOutcome {
  results: PushResult[];
  /** Rows that could not be copied (a cycle, a class instance), left out with why. */
  uncopyable: string[];
}

export async function pushChanges(api: PushApi, changes: readonly CapturedChange[], maxPushBytes = MAX_PUSH_BYTES): Promise<PushOutcome> {
  const blobs = changes.flatMap((change) => blobsIn(change.value));
  const hashes = await uploadBlobs(api, blobs);
  const hashOf = (blob: Blob) => hashes.get(blob)!;
  const outcome: PushOutcome = { results: [], uncopyable: [] };
  let page: RowChange[] = [];
  let bytes = 0;
  const send = async () => {
    if (page.length) outcome.results.push(await api.projectCopyPush(page));
    page = [];
    bytes = 0;
  };
  for (const change of changes) {
    let wire: RowChange;
    try {
      wire = { table: change.table, key: change.key as RowChange['key'], value: change.value === null ? null : toWire(change.value, hashOf) };
    } catch (error) {
      if (!(error instanceof UncopyableRowError)) throw error;
      outcome.uncopyable.push(`${change.table} ${JSON.stringify(change.key)}: ${error.message}`);
      continue;
    }
    const size = 32 + JSON.stringify(wire.key).length + wireBytes(wire.value);
    if (bytes + size > maxPushBytes) await send();
    page.push(wire);
    bytes += size;
  }
  await send();
  return outcome;
}
