import { IMAGE_STATUSES, type ImageRecord, type ImageStatus } from '../db/records';

export interface ImageFilter {
  status: ImageStatus | 'all';
  /** Only images with annotations of this class; null for any. */
  classId: number | null;
}

export const NO_FILTER: ImageFilter = { status: 'all', classId: null };

export function filterImages(images: readonly ImageRecord[], filter: ImageFilter): ImageRecord[] {
  return images.filter((image) => (filter.status === 'all' || image.status === filter.status) && (filter.classId === null || image.classIds.includes(filter.classId)));
}

export function countByStatus(images: readonly ImageRecord[]): Record<ImageStatus, number> {
  const counts = Object.fromEntries(IMAGE_STATUSES.map((s) => [s, 0])) as Record<ImageStatus, number>;
  for (const image of images) counts[image.status]++;
  return counts;
}
