// Test support: a WebGPU adapter on machines without a GPU. Debian's chromium package ships SwiftShader,
// a software Vulkan driver; a Vulkan ICD file pointing at it, named by VK_ICD_FILENAMES before Dawn
// loads, gives Dawn an adapter (ENGINE-HOSTS.md). Needs the Vulkan loader (apt-get install libvulkan1).

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dawnAdapter, type AdapterSummary } from './dawnWebgpu';

export const SWIFTSHADER_LIBRARY = '/usr/lib/chromium/libvk_swiftshader.so';

/** Points VK_ICD_FILENAMES at SwiftShader when it is unset and the library exists (an explicit setting wins). */
export function useSwiftShaderWhenUnset(): void {
  if (process.env.VK_ICD_FILENAMES || !existsSync(SWIFTSHADER_LIBRARY)) return;
  const file = path.join(os.tmpdir(), 'segadapt-swiftshader-icd.json');
  // Written aside and renamed: test processes running in parallel may read it while another writes it.
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, JSON.stringify({ file_format_version: '1.0.0', ICD: { library_path: SWIFTSHADER_LIBRARY, api_version: '1.0.5' } }));
  renameSync(partial, file);
  process.env.VK_ICD_FILENAMES = file;
}

/** The adapter webgpu tests run on, or why they skip (printed, so a skipped run says why). */
export async function webgpuAdapterForTests(): Promise<AdapterSummary | null> {
  useSwiftShaderWhenUnset();
  const result = await dawnAdapter();
  if (result.ok) return result.adapter;
  const hint = existsSync(SWIFTSHADER_LIBRARY) ? 'is libvulkan1 installed?' : `no ${SWIFTSHADER_LIBRARY}: apt-get install chromium libvulkan1`;
  console.log(`webgpu tests skipped: ${result.reason} (${hint})`);
  return null;
}
