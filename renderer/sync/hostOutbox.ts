// Forwards each committed transaction to the host copy, in commit order, retrying while the host is
// unreachable. Until everything written is acknowledged, localStorage says so: a tab closed or killed
// with writes in flight pushes its whole store at the next start instead of leaving the host behind.

import { ApiError } from '../../contract/api';
import type { PushResult } from '../../contract/projectCopy';
import type { CapturedChange, CommitSink } from './captureCommits';
import { pushChanges } from './pushChanges';
import type { PushApi } from './pushChanges';
import { readMarker, setUnsentWrites, writeMarker } from './syncMarker';
import type { MarkerStorage } from './syncMarker';

export interface OutboxState {
  /** Committed transactions not yet acknowledged by the host. */
  waiting: number;
  /** The last failure, until a push succeeds again. */
  error: string | null;
}

/** Transactions merged into one round of pushes while the host is answering earlier ones. */
const MAX_MERGED_TRANSACTIONS = 64;

export class HostOutbox implements CommitSink {
  paused = false;
  private readonly batches: CapturedChange[][] = [];
  private openWrites = 0;
  private unsentMarked = false;
  /** The host refused a change: only a whole-store push at the next start can bring it level. */
  private refused = false;
  private running: Promise<void> | null = null;
  private state: OutboxState = { waiting: 0, error: null };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly api: PushApi,
    private readonly storage: MarkerStorage,
    private readonly retryMs = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt),
  ) {}

  writeStarted(): void {
    this.openWrites++;
    if (!this.unsentMarked) {
      this.unsentMarked = true;
      setUnsentWrites(this.storage, true);
    }
  }

  writeEnded(): void {
    this.openWrites--;
    this.settle();
  }

  captureFailed(error: unknown): void {
    this.refuse(`a change could not be copied to the host: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** The host copy will miss something: say so, and keep the "unsent" mark so the next start pushes the whole store. */
  private refuse(message: string): void {
    this.refused = true;
    this.unsentMarked = true;
    setUnsentWrites(this.storage, true);
    this.update({ error: message });
  }

  committed(changes: CapturedChange[]): void {
    this.openWrites--;
    if (changes.length) {
      this.batches.push(changes);
      this.update({ waiting: this.batches.length });
      this.running ??= this.drain().finally(() => {
        this.running = null;
        this.settle();
      });
    }
    this.settle();
  }

  /** Resolves once everything committed so far is acknowledged by the host. */
  async flushed(): Promise<void> {
    while (this.running) await this.running;
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): OutboxState => this.state;

  private update(change: Partial<OutboxState>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener();
  }

  private settle(): void {
    if (this.unsentMarked && !this.refused && this.openWrites === 0 && this.batches.length === 0 && !this.running) {
      this.unsentMarked = false;
      setUnsentWrites(this.storage, false);
    }
  }

  private async drain(): Promise<void> {
    let attempt = 0;
    while (this.batches.length) {
      const taken = this.batches.slice(0, MAX_MERGED_TRANSACTIONS);
      try {
        const { results, uncopyable } = await pushChanges(this.api, taken.flat());
        this.batches.splice(0, taken.length);
        this.advanceMarker(results);
        attempt = 0;
        this.update({ waiting: this.batches.length, error: this.refused ? this.state.error : null });
        if (uncopyable.length) this.refuse(`${uncopyable.length} change(s) could not be copied to the host: ${uncopyable[0]}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof ApiError && error.code === 'bad-request') {
          // Sending them again cannot help.
          this.batches.splice(0, taken.length);
          this.update({ waiting: this.batches.length });
          this.refuse(`the host copy refused a change: ${message}`);
          continue;
        }
        this.update({ error: `the host copy is not up to date (${message}); retrying` });
        await new Promise((resolve) => setTimeout(resolve, this.retryMs(attempt++)));
      }
    }
  }

  /** Moves the marker along when nobody else pushed in between (else the next start pulls what they wrote). */
  private advanceMarker(results: PushResult[]): void {
    const marker = readMarker(this.storage);
    if (!marker) return;
    let seq = marker.seq;
    for (const result of results) if (result.previousSeq === seq) seq = result.seq;
    if (seq !== marker.seq) writeMarker(this.storage, { ...marker, seq });
  }
}
