// The host's durable copy of the renderer's project store (issue #14): every committed Dexie change is
// forwarded to the host, which keeps it on disk in its data dir; a renderer whose store is empty or
// behind pulls it back. Rows travel as stored, except that each Blob becomes a BlobRef (its bytes are
// sent once, content-addressed by SHA-256) and other typed arrays and dates become tagged objects.

/** An IndexedDB key as rows use them: a string, a number or an array of those. */
export type RowKey = string | number | RowKey[];

/** A Blob inside a row, by content. */
export interface BlobRef {
  $blob: string;
  type: string;
  size: number;
}

/** One row written (`value` the row) or deleted (`value` null) in one Dexie table. */
export interface RowChange {
  table: string;
  key: RowKey;
  value: unknown;
}

/** A change as the host holds it: `seq` is the host's sequence number of the push that wrote it. */
export interface StoredRowChange extends RowChange {
  seq: number;
}

export interface ProjectCopyStatus {
  /** Random id of this copy (a new data dir is a new copy); with `seq` it tells a renderer whether it is behind. */
  storeId: string;
  /** Sequence number of the last acknowledged push; 0 for an empty copy. */
  seq: number;
  projects: { id: string; name: string; revision: number; images: number }[];
}

/** One piece of a blob being uploaded; pieces come in order, `offset` where the last one ended. */
export interface BlobChunk {
  hash: string;
  offset: number;
  total: number;
  data: Uint8Array;
}

export interface BlobRange {
  hash: string;
  offset: number;
  length: number;
}

export interface PushResult {
  seq: number;
  /** The copy's seq before this push: when it is not the seq the renderer last saw, someone else wrote in between. */
  previousSeq: number;
}

export interface PullRequest {
  /** Changes with a larger seq are returned; 0 returns everything. */
  afterSeq: number;
  /** From the previous page; null for the first. */
  cursor: string | null;
  /** Roughly how many bytes of rows one page may carry. */
  maxBytes: number;
}

export interface PullPage {
  changes: StoredRowChange[];
  /** null on the last page. */
  cursor: string | null;
  /** The copy's seq when the pull started: a renderer that applied every page is at this seq. */
  seq: number;
}

/** Largest blob piece either side sends in one call (well under MAX_MESSAGE_BYTES). */
export const BLOB_CHUNK_BYTES = 16 * 1024 * 1024;
/** How many bytes of rows one push or pull page aims at. */
export const ROW_PAGE_BYTES = 32 * 1024 * 1024;

export const isBlobHash = (value: unknown): value is string => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);
