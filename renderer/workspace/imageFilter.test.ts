import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../db/records';
import { countByStatus, filterImages } from './imageFilter';

const image = (id: string, status: ImageRecord['status'], classIds: number[]) => ({ id, status, classIds }) as unknown as ImageRecord;
const images = [image('a', 'unlabeled', []), image('b', 'labeled', [1, 2]), image('c', 'labeled', [2]), image('d', 'reviewed', [1])];

describe('image filter', () => {
  it('filters by status and by class together', () => {
    expect(filterImages(images, { status: 'labeled', classId: null }).map((i) => i.id)).toEqual(['b', 'c']);
    expect(filterImages(images, { status: 'all', classId: 1 }).map((i) => i.id)).toEqual(['b', 'd']);
    expect(filterImages(images, { status: 'labeled', classId: 1 }).map((i) => i.id)).toEqual(['b']);
  });

  it('counts every status', () => {
    expect(countByStatus(images)).toEqual({ unlabeled: 1, labeled: 2, 'pre-labeled': 0, reviewed: 1 });
  });
});
