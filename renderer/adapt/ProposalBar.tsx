import { useSyncExternalStore } from 'react';
import type { ModelVersionRecord } from '../db/records';
import type { PrelabelStore } from './prelabelStore';

/** Above the canvas while the open image has proposals: what they are, Accept all (A), Reject (X). */
export function ProposalBar({ store, versions }: { store: PrelabelStore; versions: readonly ModelVersionRecord[] }) {
  const { openProposals } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  if (!openProposals) return null;
  const count = openProposals.instances.length;
  const versionName = versions.find((v) => v.id === openProposals.modelVersionId)?.name ?? 'a deleted version';
  return (
    <div className="proposal-bar" role="region" aria-label="Proposals" data-testid="proposal-bar" data-count={count}>
      <span>
        {count} {count === 1 ? 'proposal' : 'proposals'} from {versionName} · mean confidence {Math.round(openProposals.meanConfidence * 100)}% · not labels until accepted
      </span>{' '}
      <button type="button" onClick={() => void store.acceptAll()} title="Turn every proposal into an annotation (A)">
        Accept all (A)
      </button>{' '}
      <button type="button" onClick={() => void store.reject()} title="Delete these proposals (X)">
        Reject (X)
      </button>
    </div>
  );
}
