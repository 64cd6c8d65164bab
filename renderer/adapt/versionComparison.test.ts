import { describe, expect, it } from 'vitest';
import type { ModelVersionRecord } from '../db/records';
import { compareVersions } from './versionComparison';

const version = (overrides: Partial<ModelVersionRecord>): ModelVersionRecord => ({
  v: 1,
  id: 'm',
  projectId: 'p',
  name: 'v',
  method: 'lora',
  classes: [
    { id: 0, name: 'background' },
    { id: 1, name: 'car' },
    { id: 2, name: 'pole' },
  ],
  labeledImageIds: [],
  labeledImageCount: 5,
  createdAt: 0,
  seconds: 75,
  backend: 'wasm',
  metrics: {},
  trainableParams: 12345,
  ...overrides,
});

describe('comparing two model versions', () => {
  it('shows the held-out score and each class both versions measured, with the change', () => {
    const first = version({ method: 'head', metrics: { heldOutMiou: 0.5, 'heldOutIou.0': 0.9, 'heldOutIou.1': 0.4 } });
    const second = version({ labeledImageCount: 8, metrics: { heldOutMiou: 0.6, 'heldOutIou.0': 0.92, 'heldOutIou.1': 0.5, 'heldOutIou.2': 0.1 } });
    const rows = compareVersions(first, second);
    const byLabel = Object.fromEntries(rows.map((row) => [row.label, row]));
    expect(byLabel.method).toMatchObject({ left: 'head', right: 'lora', delta: null });
    expect(byLabel['labeled images']).toMatchObject({ left: '5', right: '8' });
    expect(byLabel['held-out mIoU'].left).toBe('0.500');
    expect(byLabel['held-out mIoU'].delta).toBeCloseTo(0.1);
    expect(byLabel['IoU car'].delta).toBeCloseTo(0.1);
    expect(byLabel['IoU pole']).toMatchObject({ left: '—', right: '0.100', delta: null });
    expect(byLabel['trainable parameters'].left).toBe('12,345');
  });

  it('shows a dash, not a crash, for versions without a held-out image', () => {
    const rows = compareVersions(version({}), version({ metrics: { heldOutMiou: Number.NaN } }));
    expect(rows.find((row) => row.label === 'held-out mIoU')).toMatchObject({ left: '—', right: '—', delta: null });
    expect(rows.some((row) => row.label.startsWith('IoU'))).toBe(false);
  });
});
