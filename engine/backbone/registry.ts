// Backbone id -> loader (timm register_model style). Loaded backbones are cached: one copy per process.

import type { Backbone } from './backbone';
import { CENTERNET_ID, loadCenternetMobilenetV3 } from './centernetMobilenetV3';

export const DEFAULT_BACKBONE_ID = CENTERNET_ID;

const loaders = new Map<string, () => Promise<Backbone>>([[CENTERNET_ID, loadCenternetMobilenetV3]]);
const loaded = new Map<string, Promise<Backbone>>();

export function registerBackbone(id: string, load: () => Promise<Backbone>): void {
  loaders.set(id, load);
}

export function listBackbones(): string[] {
  return [...loaders.keys()];
}

export function getBackbone(id: string = DEFAULT_BACKBONE_ID): Promise<Backbone> {
  const load = loaders.get(id);
  if (!load) throw new Error(`unknown backbone "${id}"; known: ${listBackbones().join(', ')}`);
  let backbone = loaded.get(id);
  if (!backbone) {
    backbone = load();
    loaded.set(id, backbone);
    backbone.catch(() => loaded.delete(id));
  }
  return backbone;
}

/** Frees a cached backbone (tests check for tensor leaks around it). */
export async function releaseBackbone(id: string = DEFAULT_BACKBONE_ID): Promise<void> {
  const backbone = loaded.get(id);
  if (!backbone) return;
  loaded.delete(id);
  (await backbone).dispose();
}
