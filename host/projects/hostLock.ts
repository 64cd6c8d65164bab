// One host at a time per copy: two writers on one journal would interleave records.

import { readFile, rm, writeFile } from 'node:fs/promises';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the lock file (left by a dead process, it is taken over); returns its release. */
export async function takeHostLock(file: string): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new Error(`another SegAdapt host (process ${holder}) keeps its project copy in ${file.replace(/[/\\][^/\\]*$/, '')}; stop it or pass another --data-dir`);
    }
    await rm(file, { force: true });
  }
  throw new Error(`cannot take the lock ${file}`);
}
