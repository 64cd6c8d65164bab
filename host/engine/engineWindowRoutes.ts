// What the engine window asks its host for, as web Requests (Electron's protocol.handle gives these; tests
// adapt Node's http to them): its page and worker bundle, tfjs's wasm binaries, and its files
// (engine/window/hostEngineFiles.ts): the backbone package's weights and model folders in `modelsDir`,
// read by GET and written whole by POST. Every answer carries the headers that make the window
// cross-origin isolated (so the threaded wasm build runs); nothing outside these folders is served.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nodeEngineFiles, packageFolder } from '../../engine/files/nodeEngineFiles';

export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
} as const;

const CONTENT_TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.map': 'application/json', '.wasm': 'application/wasm', '.json': 'application/json' };

/** Packages whose files the window may read, and the folder inside each (backbone weights only). */
const READABLE_PACKAGES: Record<string, string> = { '@vladmandic/human': 'models' };

const WASM_BINARY = /^tfjs-backend-wasm(-simd|-threaded-simd)?\.wasm$/;
const PLAIN_NAME = /^[\w.-]+$/;

export interface EngineWindowRoutesOptions {
  /** The app's root: dist/engine-window/ holds the window's bundle. */
  appRoot: string;
  modelsDir: string;
}

function answer(status: number, body: ConstructorParameters<typeof Response>[0], contentType = 'text/plain; charset=utf-8'): Response {
  return new Response(body, { status, headers: { ...ISOLATION_HEADERS, 'Content-Type': contentType, 'Cache-Control': 'no-store' } });
}

const isPlainName = (name: string | undefined): name is string => name !== undefined && PLAIN_NAME.test(name) && !name.startsWith('.');

async function serveFile(file: string): Promise<Response> {
  try {
    const bytes = await readFile(file);
    return answer(200, new Uint8Array(bytes), CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream');
  } catch {
    return answer(404, `not found: ${path.basename(file)}`);
  }
}

async function modelRoute(request: Request, modelsDir: string, id: string | undefined, name: string | undefined): Promise<Response> {
  if (!isPlainName(id)) return answer(400, 'a model id is one plain name');
  const folder = path.join(modelsDir, id);
  if (request.method === 'POST' && name === undefined) {
    const form = await request.formData();
    const files: { name: string; data: Uint8Array }[] = [];
    for (const [field, value] of form.entries()) {
      if (!isPlainName(field) || typeof value === 'string') return answer(400, `${JSON.stringify(field)} is not a plain file part`);
      files.push({ name: field, data: new Uint8Array(await value.arrayBuffer()) });
    }
    await nodeEngineFiles.writeModelFolder(folder, files);
    return answer(204, null);
  }
  if (request.method !== 'GET' || !isPlainName(name)) return answer(400, 'read a model file with GET /files/models/<id>/<name>');
  const bytes = await nodeEngineFiles.readModelFile(folder, name);
  return bytes === null ? answer(404, `${path.join(folder, name)}: not found`) : answer(200, bytes as Uint8Array<ArrayBuffer>, 'application/octet-stream');
}

async function packageRoute(packageName: string | undefined, file: string[]): Promise<Response> {
  const inside = packageName === undefined ? undefined : READABLE_PACKAGES[packageName];
  if (inside === undefined || file[0] !== inside || !file.slice(1).every(isPlainName)) return answer(403, 'the engine window reads only backbone weights');
  return serveFile(path.join(packageFolder(packageName!), ...file));
}

/** Answers one request of the engine window. */
export function engineWindowRoutes(options: EngineWindowRoutesOptions): (request: Request) => Promise<Response> {
  const bundle = path.join(options.appRoot, 'dist', 'engine-window');
  return async (request) => {
    let parts: string[];
    try {
      parts = new URL(request.url).pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      return answer(400, 'bad path');
    }
    try {
      const [area, kind, ...rest] = parts;
      if (area === 'engine' && kind === 'tfjs' && rest.length === 1 && WASM_BINARY.test(rest[0])) {
        return serveFile(path.join(packageFolder('@tensorflow/tfjs-backend-wasm'), 'dist', rest[0]));
      }
      if (area === 'engine' && rest.length === 0 && isPlainName(kind)) return serveFile(path.join(bundle, kind));
      if (area === 'files' && kind === 'models' && rest.length <= 2) return modelRoute(request, options.modelsDir, rest[0], rest[1]);
      if (area === 'files' && kind === 'package') return packageRoute(rest[0], rest.slice(1));
      return answer(404, 'not found');
    } catch (error) {
      return answer(500, error instanceof Error ? error.message : String(error));
    }
  };
}
