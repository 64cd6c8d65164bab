import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const eslint = new ESLint({ cwd: root });

async function layeringErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.message.includes('Bad layering')).map((m) => m.message);
}

describe('the layer rule', () => {
  it.each([
    ['engine/jobs/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['engine/jobs/x.ts', 'export const w = window.innerWidth;\n'],
    ['host/x.ts', "import React from 'react';\nexport const r = React;\n"],
    ['renderer/x.ts', "import fs from 'node:fs';\nexport const f = fs;\n"],
    ['renderer/x.ts', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['renderer/x.ts', "import { runJob } from '../engine/jobs/registry';\nexport const j = runJob;\n"],
    ['renderer/x.ts', 'export const p = process.env;\n'],
    ['contract/x.ts', "import { z } from 'zod';\nexport const zz = z;\n"],
  ])('reports bad layering in %s', async (file, code) => {
    expect(await layeringErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['engine/jobs/x.ts', "import * as tf from '@tensorflow/tfjs-core';\nexport const t = tf;\n"],
    ['renderer/x.ts', "import type { SegAdaptApi } from '../contract/api';\nexport type A = SegAdaptApi;\n"],
    ['electron/x.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['contract/x.ts', "import type { JobSpec } from './jobs';\nexport type J = JobSpec;\n"],
  ])('allows the imports each layer needs in %s', async (file, code) => {
    expect(await layeringErrors(file, code)).toEqual([]);
  });
});
