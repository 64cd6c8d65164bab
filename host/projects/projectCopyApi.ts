// The contract's projectCopy* calls, answered from a ProjectCopy (arguments arrive untrusted).

import { ApiError } from '../../contract/api';
import type { ApiCallName } from '../../contract/api';
import { BLOB_CHUNK_BYTES, isBlobHash } from '../../contract/projectCopy';
import type { BlobChunk, BlobRange, PullRequest } from '../../contract/projectCopy';
import type { ApiHandlers } from '../hostApi';
import { MAX_BLOB_BYTES } from './blobStore';
import type { ProjectCopy } from './projectCopy';

export type ProjectCopyCallName = Extract<ApiCallName, `projectCopy${string}`>;
export type ProjectCopyHandlers = Pick<ApiHandlers, ProjectCopyCallName>;

const isCount = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) >= 0;

function checkChunk(raw: unknown): BlobChunk {
  const chunk = raw as Partial<BlobChunk> | null;
  if (typeof chunk !== 'object' || chunk === null || !isBlobHash(chunk.hash)) throw new ApiError('bad-request', 'projectCopyPutBlob needs {hash, offset, total, data}');
  if (!isCount(chunk.offset) || !isCount(chunk.total) || chunk.total > MAX_BLOB_BYTES) throw new ApiError('bad-request', `projectCopyPutBlob: offset and total must be byte counts up to ${MAX_BLOB_BYTES}`);
  if (!(chunk.data instanceof Uint8Array) || chunk.data.byteLength > BLOB_CHUNK_BYTES) throw new ApiError('bad-request', `projectCopyPutBlob: data must be bytes, at most ${BLOB_CHUNK_BYTES} a piece`);
  return chunk as BlobChunk;
}

function checkRange(raw: unknown): BlobRange {
  const range = raw as Partial<BlobRange> | null;
  if (typeof range !== 'object' || range === null || !isBlobHash(range.hash) || !isCount(range.offset) || !isCount(range.length)) {
    throw new ApiError('bad-request', 'projectCopyGetBlob needs {hash, offset, length}');
  }
  return range as BlobRange;
}

export function projectCopyHandlers(opened: Promise<ProjectCopy>): ProjectCopyHandlers {
  return {
    projectCopyStatus: async () => (await opened).status(),
    projectCopyMissingBlobs: async (hashes) => {
      if (!Array.isArray(hashes) || !hashes.every(isBlobHash) || hashes.length > 100_000) throw new ApiError('bad-request', 'projectCopyMissingBlobs needs a list of SHA-256 hex hashes');
      return (await opened).blobs.missing(hashes);
    },
    projectCopyPutBlob: async (chunk) => (await opened).blobs.put(checkChunk(chunk)),
    projectCopyGetBlob: async (range) => (await opened).blobs.read(checkRange(range)),
    projectCopyPush: async (changes) => (await opened).push(changes),
    projectCopyPull: async (request) => {
      const pull = request as Partial<PullRequest> | null;
      if (typeof pull !== 'object' || pull === null || !isCount(pull.afterSeq) || !isCount(pull.maxBytes) || (pull.cursor !== null && typeof pull.cursor !== 'string')) {
        throw new ApiError('bad-request', 'projectCopyPull needs {afterSeq, cursor, maxBytes}');
      }
      return (await opened).pull(pull as PullRequest);
    },
  };
}

/** For a host that keeps no copy (tests of other calls): every projectCopy call fails with `reason`. */
export function noProjectCopy(reason = 'this host keeps no project copy'): ProjectCopyHandlers {
  const refuse = async (): Promise<never> => {
    throw new ApiError('not-found', reason);
  };
  return {
    projectCopyStatus: refuse,
    projectCopyMissingBlobs: refuse,
    projectCopyPutBlob: refuse,
    projectCopyGetBlob: refuse,
    projectCopyPush: refuse,
    projectCopyPull: refuse,
  };
}
