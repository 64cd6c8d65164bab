// Checks an exported model's files from a renderer (untrusted) before the engine's import job sees them:
// known flat names only, each once, within the wire limit, the four files a model folder needs, and a
// segadapt.json the engine could read. Every refusal is one line naming the picked file and the problem.

import { ApiError } from '../../contract/api';
import { IMPORTED_MODEL_FILES } from '../../contract/jobs';
import type { ImportJobSpec } from '../../contract/jobs';
import { MODEL_METADATA_FILE } from '../../contract/modelFormat';
import { MAX_MESSAGE_BYTES } from '../../contract/wireLimits';
import { parseModelMetadata } from '../../engine/modelStore/validateModelFiles';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields => typeof value === 'object' && value !== null && !Array.isArray(value);
const SOURCE_NAME_MAX = 260;

export function validateModelImport(request: unknown): ImportJobSpec {
  if (!isObject(request)) throw new ApiError('bad-request', 'importModel needs { source, files }');
  const source = typeof request.source === 'string' && request.source.trim() && request.source.length <= SOURCE_NAME_MAX ? request.source : 'the picked files';
  const fail = (problem: string): never => {
    throw new ApiError('bad-request', `${source}: ${problem}`);
  };
  if (!Array.isArray(request.files)) fail('no files were sent');
  const files = new Map<string, Uint8Array>();
  let bytes = 0;
  for (const file of request.files as unknown[]) {
    if (!isObject(file) || typeof file.name !== 'string' || !(file.data instanceof Uint8Array)) fail('each file needs a name and bytes');
    const { name, data } = file as { name: string; data: Uint8Array };
    if (!(IMPORTED_MODEL_FILES as readonly string[]).includes(name)) fail(`${JSON.stringify(name.slice(0, 80))} is not a file of a model folder (expected ${IMPORTED_MODEL_FILES.join(', ')})`);
    if (files.has(name)) fail(`${name} was sent twice`);
    if (data.byteLength === 0) fail(`${name} is empty`);
    bytes += data.byteLength;
    if (bytes > MAX_MESSAGE_BYTES) fail(`the files are larger than the ${Math.ceil(MAX_MESSAGE_BYTES / 1e6)} MB one request may carry`);
    files.set(name, data);
  }
  for (const name of IMPORTED_MODEL_FILES) if (!files.has(name)) fail(`missing ${name} (export the model as "Adapter only" or "All formats")`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(files.get(MODEL_METADATA_FILE));
  } catch {
    return fail(`${MODEL_METADATA_FILE} is not UTF-8 text`);
  }
  try {
    parseModelMetadata(text, MODEL_METADATA_FILE);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  return { kind: 'import', source, files: IMPORTED_MODEL_FILES.map((name) => ({ name, data: files.get(name)! })) };
}
