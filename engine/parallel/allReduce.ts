// A synchronous sum across worker threads over shared memory: every participant writes its vector, waits
// at a barrier until all have, and adds the vectors in participant order (so every participant gets the
// same float result). Rounds alternate between two slot sets, so a fast participant's next round cannot
// overwrite a vector a slow one is still reading. Atomics.wait blocks only the calling thread.

import type { AllReduce } from '../training/shardedLoss';

const ARRIVED = 0;
const ABORTED = 1;
const CONTROL_BYTES = 8;

/** How long a participant waits for the others before it gives up on them (a worker that died). */
const STALL_MS = 120_000;

export interface AllReduceLayout {
  buffer: SharedArrayBuffer;
  participants: number;
  length: number;
}

export function createAllReduceLayout(participants: number, length: number): AllReduceLayout {
  return { buffer: new SharedArrayBuffer(CONTROL_BYTES + 2 * participants * length * 8), participants, length };
}

/** Makes the participants that wait at the barrier, now or later, throw instead (a worker failed). */
export function abortAllReduce(layout: AllReduceLayout): void {
  const control = new Int32Array(layout.buffer, 0, 2);
  Atomics.store(control, ABORTED, 1);
  Atomics.notify(control, ARRIVED);
}

export function allReduceParticipant(layout: AllReduceLayout, index: number): AllReduce {
  const { participants, length } = layout;
  const control = new Int32Array(layout.buffer, 0, 2);
  const slots = new Float64Array(layout.buffer, CONTROL_BYTES);
  let round = 0;
  return (local) => {
    if (local.length !== length) throw new Error(`all-reduce vector has ${local.length} values, not ${length}`);
    round += 1;
    const base = (round % 2) * participants * length;
    slots.set(local, base + index * length);
    Atomics.add(control, ARRIVED, 1);
    Atomics.notify(control, ARRIVED);
    const goal = round * participants;
    const started = Date.now();
    for (;;) {
      const arrived = Atomics.load(control, ARRIVED);
      if (arrived >= goal) break;
      if (Atomics.load(control, ABORTED)) throw new Error('training stopped: another worker failed');
      if (Date.now() - started > STALL_MS) throw new Error('training stopped: a worker stopped responding');
      Atomics.wait(control, ARRIVED, arrived, 1000);
    }
    const total = new Float64Array(length);
    for (let p = 0; p < participants; p++) {
      const offset = base + p * length;
      for (let i = 0; i < length; i++) total[i] += slots[offset + i];
    }
    return total;
  };
}
