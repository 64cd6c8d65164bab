import { useEffect, useState, useSyncExternalStore } from 'react';
import type { ProjectSync } from './projectSync';
import type { RestoreReport } from './restoreFromHost';

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

/** The one line said about the start-up restore, or null when there is nothing to say. */
export function restoreMessage(restore: ProjectSync['restore']): { kind: 'info' | 'error'; text: string } | null {
  if ('error' in restore) return { kind: 'error', text: `The host copy of your projects could not be checked: ${restore.error}` };
  const report: RestoreReport & { rebuiltBecause?: string } = restore;
  if (report.rebuiltBecause) {
    return { kind: 'info', text: `This browser's project store could not be opened (${report.rebuiltBecause}); it was rebuilt from the host copy: ${plural(report.projects, 'project')} (${plural(report.images, 'image')}).` };
  }
  const refused = report.refused.length ? ` (${plural(report.refused.length, 'damaged row')} left out)` : '';
  if (report.kind === 'restored') return { kind: 'info', text: `Restored ${plural(report.projects, 'project')} (${plural(report.images, 'image')}) from the host copy${refused}.` };
  if (report.kind === 'caught-up') return { kind: 'info', text: `Brought ${report.projects ? plural(report.projects, 'project') : 'your projects'} up to date from the host copy${refused}.` };
  return null;
}

const boxStyle = { position: 'fixed', left: 12, bottom: 12, zIndex: 50, maxWidth: 420, padding: '8px 12px', borderRadius: 6, font: '13px system-ui, sans-serif', boxShadow: '0 2px 8px rgba(0,0,0,.4)' } as const;
const colours = { info: { background: '#2b3d2f', color: '#e8f5e9' }, error: { background: '#4a2424', color: '#ffebee' } };

/** A brief notice that projects came back from the host copy, and a warning while it is not up to date. */
export function SyncNotice({ sync }: { sync: ProjectSync }) {
  const [message, setMessage] = useState(() => restoreMessage(sync.restore));
  const outbox = useSyncExternalStore(sync.outbox.subscribe, sync.outbox.getSnapshot);
  useEffect(() => {
    if (message?.kind !== 'info') return;
    const timer = setTimeout(() => setMessage(null), 10_000);
    return () => clearTimeout(timer);
  }, [message]);
  const shown = outbox.error ? { kind: 'error' as const, text: outbox.error } : message;
  if (!shown) return null;
  return (
    <div role="status" aria-label="Host copy" style={{ ...boxStyle, ...colours[shown.kind] }} onClick={() => setMessage(null)}>
      {shown.text}
    </div>
  );
}
