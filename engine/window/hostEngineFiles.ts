// The engine window's files, asked of its host over fetch (host/engine/engineWindowRoutes.ts serves them):
// package files and model files by GET, a whole model folder by one POST of a form with a part per file.
// Model folders are named as the window sees them, `${WINDOW_MODELS_DIR}/<model id>`.

import type { EngineFiles } from '../files/engineFiles';

export const WINDOW_MODELS_DIR = '/models';

function modelId(folder: string): string {
  const id = folder.startsWith(`${WINDOW_MODELS_DIR}/`) ? folder.slice(WINDOW_MODELS_DIR.length + 1) : '';
  if (!/^[\w.-]+$/.test(id) || id.startsWith('.')) throw new Error(`${folder}: the engine window keeps models only in ${WINDOW_MODELS_DIR}/<model id>`);
  return id;
}

async function failure(response: Response, what: string): Promise<Error> {
  const detail = (await response.text()).split('\n')[0].slice(0, 300);
  return new Error(`${what}: ${detail || `${response.status} ${response.statusText}`}`);
}

/** EngineFiles over the host's file routes below `filesUrl` (e.g. 'segadapt-engine://app/files/'). */
export function hostEngineFiles(filesUrl: string): EngineFiles {
  const url = (...parts: string[]) => new URL(parts.map(encodeURIComponent).join('/'), filesUrl).href;
  return {
    async readPackageFile(packageName, file) {
      const response = await fetch(url('package', packageName, ...file.split('/')));
      if (!response.ok) throw await failure(response, `${packageName}/${file}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    async readModelFile(folder, name) {
      const response = await fetch(url('models', modelId(folder), name));
      if (response.status === 404) return null;
      if (!response.ok) throw await failure(response, `${folder}/${name}`);
      return new Uint8Array(await response.arrayBuffer());
    },
    async writeModelFolder(folder, files) {
      const form = new FormData();
      for (const file of files) form.append(file.name, new Blob([file.data as Uint8Array<ArrayBuffer>]), file.name);
      const response = await fetch(url('models', modelId(folder)), { method: 'POST', body: form });
      if (!response.ok) throw await failure(response, `writing ${folder}`);
    },
  };
}
