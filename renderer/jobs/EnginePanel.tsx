import { useSyncExternalStore } from 'react';
import type { EngineStore, JobView } from './engineStore';

const SELF_TEST = { kind: 'selftest', steps: 40, matrixSize: 256, pauseMs: 100 } as const;

function describeProgress(job: JobView): string {
  if (job.outcome === 'done') return 'done';
  if (job.outcome === 'cancelled') return 'cancelled';
  if (job.outcome === 'failed') return `failed: ${job.error ?? 'unknown error'}`;
  if (!job.progress) return 'queued';
  const { step, total, etaSeconds, phase } = job.progress;
  const eta = etaSeconds !== undefined ? `, ${Math.ceil(etaSeconds)} s left` : '';
  return `${phase ? `${phase}: ` : ''}${step} / ${total}${eta}`;
}

export function EnginePanel({ store }: { store: EngineStore }) {
  const { status, jobs } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return (
    <section className="panel-section engine-panel" aria-label="Engine">
      <h2>Engine</h2>
      <p data-testid="engine-state">
        {status ? status.state : 'connecting'}
        {status?.backend ? (
          <>
            {' · backend '}
            <strong data-testid="engine-backend">{status.backend}</strong>
          </>
        ) : null}
      </p>
      {status?.lastError ? <p className="error" role="alert">{status.lastError}</p> : null}
      {status?.probes.length ? (
        <details>
          <summary>Backends tried</summary>
          <ul className="probes">
            {status.probes.map((probe) => (
              <li key={probe.name}>
                {probe.ok ? '✓' : '✗'} {probe.name}: {probe.reason}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <button type="button" onClick={() => void store.startJob(SELF_TEST, 'Engine check')}>
        Check engine
      </button>
      <ul className="jobs" aria-label="Jobs">
        {jobs.map((job) => (
          <li key={job.jobId} data-testid="job" data-outcome={job.outcome ?? 'running'}>
            <span className="job-label">{job.label}</span>{' '}
            {job.progress && !job.outcome ? <progress max={job.progress.total} value={job.progress.step} /> : null}{' '}
            <span className="job-progress">{describeProgress(job)}</span>
            {!job.outcome ? (
              <button type="button" onClick={() => void store.cancelJob(job.jobId)}>
                Cancel
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
