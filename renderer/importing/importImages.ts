import { newId } from '../db/newId';
import type { ImageRecord } from '../db/records';
import type { SegAdaptDatabase } from '../db/segAdaptDatabase';
import type { ImageDecoder } from './imageDecoder';
import { declaredImageSize, oversizeReason } from '../../contract/imageDimensions';
import { sha256Hex } from './sha256';
import { SUPPORTED_FORMATS_TEXT, sniffImageType } from './sniffImageType';

export interface ImportCandidate {
  /** What the user will recognise: the file name, or its path inside a dropped folder. */
  name: string;
  file: Blob;
}

export interface ImportReport {
  imported: ImageRecord[];
  duplicates: string[];
  skipped: { name: string; reason: string }[];
}

export interface ImportProgress {
  done: number;
  total: number;
}

/**
 * Imports files into a project one by one: a file that is not an image, or does not decode, is
 * skipped with the reason; a file whose bytes are already in the project is a duplicate; each
 * imported image and its blob are stored together in one transaction.
 */
export async function importImages(
  db: SegAdaptDatabase,
  projectId: string,
  candidates: ImportCandidate[],
  decoder: ImageDecoder,
  onProgress: (progress: ImportProgress) => void = () => {},
): Promise<ImportReport> {
  const report: ImportReport = { imported: [], duplicates: [], skipped: [] };
  for (const [index, { name, file }] of candidates.entries()) {
    try {
      const outcome = await importOne(db, projectId, name, file, decoder);
      if (outcome === 'duplicate') report.duplicates.push(name);
      else if (typeof outcome === 'string') report.skipped.push({ name, reason: outcome });
      else report.imported.push(outcome);
    } catch (error) {
      report.skipped.push({ name, reason: error instanceof Error ? error.message : String(error) });
    }
    onProgress({ done: index + 1, total: candidates.length });
  }
  return report;
}

async function importOne(db: SegAdaptDatabase, projectId: string, name: string, file: Blob, decoder: ImageDecoder): Promise<ImageRecord | 'duplicate' | string> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.arrayBuffer());
  } catch {
    return 'could not be read';
  }
  const mimeType = sniffImageType(bytes);
  if (!mimeType) return `not a ${SUPPORTED_FORMATS_TEXT} image`;
  const oversize = oversizeReason(declaredImageSize(bytes));
  if (oversize) return oversize;
  const contentHash = await sha256Hex(bytes);
  if (await db.images.where('[projectId+contentHash]').equals([projectId, contentHash]).count()) return 'duplicate';
  const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType });
  let decoded;
  try {
    decoded = await decoder.decode(blob);
  } catch {
    return `is damaged or incomplete: the ${mimeType.slice(6).toUpperCase()} data could not be decoded`;
  }
  const now = Date.now();
  const record: ImageRecord = {
    v: 2,
    id: newId(),
    projectId,
    name,
    contentHash,
    mimeType,
    byteLength: bytes.length,
    width: decoded.width,
    height: decoded.height,
    status: 'unlabeled',
    fullyLabeled: false,
    classIds: [],
    annotationCount: 0,
    thumbnail: decoded.thumbnail,
    addedAt: now,
    updatedAt: now,
  };
  const stored = await db.transaction('rw', [db.images, db.imageBlobs], async () => {
    // Checked again inside the transaction: two imports of the same file may run at once.
    if (await db.images.where('[projectId+contentHash]').equals([projectId, contentHash]).count()) return 'duplicate' as const;
    await db.images.add(record);
    await db.imageBlobs.add({ imageId: record.id, blob });
    return record;
  });
  return stored;
}
