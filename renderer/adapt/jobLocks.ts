// Which recorded runs are still alive in some window: a running adapt or pre-label holds a Web Lock
// named after its record for as long as it runs. The browser drops a page's locks when it reloads,
// closes or crashes, so on load a run with no record outcome and no lock was cut off, while one
// another tab is running keeps running.

const lockName = (recordId: string) => `segadapt.job.${recordId}`;

type Locks = {
  request(name: string, callback: () => Promise<void>): Promise<void>;
  query(): Promise<{ held?: { name?: string }[] }>;
};

const locks = (): Locks | null => (globalThis.navigator as { locks?: Locks } | undefined)?.locks ?? null;

/** Holds the run's lock until the returned function is called. Without Web Locks it does nothing. */
export function holdJobLock(recordId: string): () => void {
  const api = locks();
  if (!api) return () => undefined;
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  void api.request(lockName(recordId), () => held).catch(() => undefined);
  return release;
}

/** The record ids whose runs some window of this app is running now. */
export async function liveJobIds(): Promise<Set<string>> {
  const api = locks();
  if (!api) return new Set();
  const state = await api.query().catch(() => ({ held: [] }));
  const prefix = lockName('');
  return new Set((state.held ?? []).map((lock) => lock.name ?? '').filter((name) => name.startsWith(prefix)).map((name) => name.slice(prefix.length)));
}
