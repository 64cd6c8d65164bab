import { describe, expect, it } from 'vitest';
import { restoreMessage } from './SyncNotice';

const report = { projects: 2, images: 14, rowsApplied: 90, rowsPushed: 0, refused: [], skippedTables: [], milliseconds: 1 };

describe('what the app says about the host copy at startup', () => {
  it('says briefly what it restored, caught up or rebuilt, and nothing when the store was level', () => {
    expect(restoreMessage({ ...report, kind: 'restored' })).toEqual({ kind: 'info', text: 'Restored 2 projects (14 images) from the host copy.' });
    expect(restoreMessage({ ...report, kind: 'caught-up', projects: 1 })?.text).toBe('Brought 1 project up to date from the host copy.');
    expect(restoreMessage({ ...report, kind: 'restored', refused: ['x'] })?.text).toBe('Restored 2 projects (14 images) from the host copy (1 damaged row left out).');
    expect(restoreMessage({ ...report, kind: 'restored', rebuiltBecause: 'Internal error' })?.text).toContain('could not be opened (Internal error); it was rebuilt from the host copy');
    expect(restoreMessage({ ...report, kind: 'level', rowsApplied: 0 })).toBeNull();
    expect(restoreMessage({ error: 'unknown API call' })).toEqual({ kind: 'error', text: 'The host copy of your projects could not be checked: unknown API call' });
  });
});
