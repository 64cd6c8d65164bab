// Child process for replaceFolder.test.ts: writes a folder and kills itself with SIGKILL at the given step.
// argv: folder, step, occurrence (1-based), content marker.
import { writeFolderAtomically, type WriteStep } from './replaceFolder';

const [folder, stopAt, occurrence, marker] = process.argv.slice(2);
let seen = 0;
const files = ['a.bin', 'b.bin', 'segadapt.json'].map((name) => ({ name, data: new TextEncoder().encode(`${marker}:${name}`) }));
await writeFolderAtomically(folder, files, (step: WriteStep) => {
  if (step === stopAt && ++seen === Number(occurrence)) process.kill(process.pid, 'SIGKILL');
});
