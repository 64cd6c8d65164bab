// Child process for killedHost.test.ts: uploads testBlob(n) in two pieces and pushes testPush(n) for
// n = 1..count into the copy in `folder`, printing "acked N" once push N is acknowledged, and kills
// itself with SIGKILL at the given step and occurrence.
// argv: folder, step, occurrence (1-based), count.
import { writeSync } from 'node:fs';
import { ProjectCopy } from './projectCopy';
import type { CopyStep } from './projectCopy';
import { testBlob, testPush } from './testRows';

const [folder, stopAt, occurrence, count] = process.argv.slice(2);
let seen = 0;
const copy = await ProjectCopy.open(folder, {
  snapshotAfterPushes: 3,
  onStep: (step: CopyStep) => {
    if (step === stopAt && ++seen === Number(occurrence)) process.kill(process.pid, 'SIGKILL');
  },
});
for (let n = 1; n <= Number(count); n++) {
  const { hash, bytes } = testBlob(n);
  const half = Math.floor(bytes.byteLength / 2);
  await copy.blobs.put({ hash, offset: 0, total: bytes.byteLength, data: bytes.subarray(0, half) });
  await copy.blobs.put({ hash, offset: half, total: bytes.byteLength, data: bytes.subarray(half) });
  const { seq } = await copy.push(testPush(n));
  writeSync(1, `acked ${seq}\n`);
}
await copy.close();
