// Node modules the engine window must never reach (files, processes, threads, loader hooks): importing
// them is allowed so that shared modules bundle, calling them says where the window's files go instead.

function unavailable(name: string): never {
  throw new Error(`${name} is not available in the engine window (its files go through engine/files/engineFiles.ts)`);
}

/** A require that fails when called (modules create theirs at load, and the window never calls it). */
export const createRequire = () => Object.assign(() => unavailable('require'), { resolve: () => unavailable('require.resolve') });
export const pathToFileURL = () => unavailable('url.pathToFileURL');
export const fileURLToPath = () => unavailable('url.fileURLToPath');
export const readFile = () => unavailable('fs.readFile');
export const readFileSync = () => unavailable('fs.readFileSync');
export const existsSync = () => unavailable('fs.existsSync');
export class Worker {
  constructor() {
    unavailable('worker_threads');
  }
}
export const parentPort = null;

export default { createRequire, pathToFileURL, fileURLToPath, readFile, readFileSync, existsSync, Worker, parentPort };
