// For the CLI tests: bin/segadapt.mjs spawned as a user would run it, on the wasm backend, without
// blocking the test worker (a long synchronous run times out vitest's RPC).

import { spawn } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

export interface SegadaptRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last line of stderr: where a failure says what went wrong. */
  lastError: string;
}

export function runSegadapt(...args: string[]): Promise<SegadaptRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin/segadapt.mjs'), ...args], { env: { ...process.env, SEGADAPT_BACKEND: 'wasm' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr, lastError: stderr.trim().split('\n').pop() ?? '' }));
  });
}
