// node:os in the engine window. One training thread: the window trains in its engine worker (no
// worker_threads there), so the data-parallel split (engine/parallel) is never asked for.

export const availableParallelism = (): number => 1;
export const homedir = (): string => '/';
export const tmpdir = (): string => '/tmp';

export default { availableParallelism, homedir, tmpdir };
