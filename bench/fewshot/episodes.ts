// Few-shot episodes of the shared sample data (../shared/data): every task of dsb2018_nuclei, ccp_clothing
// and camvid_dev, K=1 and K=5, three support seeds. Binary tasks: target class ids are foreground, 255 is
// ignored, everything else background (splits.json). Multi-class tasks (camvid_dev): every class of
// classes.json is a class of the model, 255 is ignored.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeImage } from '../../engine/data/decodeImage';
import { decodeMask } from '../../engine/data/decodeMask';
import type { LabeledImage } from '../../engine/training/views';

export interface Episode {
  dataset: string;
  task: string;
  k: 'K1' | 'K5';
  seed: number;
  support: string[];
  query: string[];
  targets: number[];
  /** Class names in class-index order for a multi-class task; absent for binary tasks. */
  classNames?: string[];
}

interface Splits {
  tasks: Record<string, { type?: string; target_class_ids: number[]; query: string[]; support_episodes: { seed: number; K1: string[]; K5: string[] }[] }>;
}

export const DATASETS = ['dsb2018_nuclei', 'ccp_clothing', 'camvid_dev'];

function classNamesOf(dataRoot: string, dataset: string, ids: number[]): string[] {
  const { classes } = JSON.parse(readFileSync(path.join(dataRoot, dataset, 'classes.json'), 'utf8')) as { classes: { id: number; name: string }[] };
  return ids.map((id) => classes.find((c) => c.id === id)?.name ?? `class ${id}`);
}

export function defaultDataRoot(): string {
  const candidates = [process.env.SEGADAPT_SHARED_DATA, path.resolve(process.cwd(), '../shared/data'), '/work/shared/data'].filter((p): p is string => !!p);
  const found = candidates.find((p) => existsSync(path.join(p, 'dsb2018_nuclei', 'splits.json')));
  if (!found) throw new Error(`shared data not found (tried ${candidates.join(', ')}); set SEGADAPT_SHARED_DATA`);
  return found;
}

export function listEpisodes(dataRoot: string): Episode[] {
  const episodes: Episode[] = [];
  for (const dataset of DATASETS) {
    if (!existsSync(path.join(dataRoot, dataset, 'splits.json'))) continue;
    const splits = JSON.parse(readFileSync(path.join(dataRoot, dataset, 'splits.json'), 'utf8')) as Splits;
    for (const [task, spec] of Object.entries(splits.tasks)) {
      for (const k of ['K1', 'K5'] as const) {
        for (const support of spec.support_episodes) {
          const classNames = spec.type === 'multiclass' ? classNamesOf(dataRoot, dataset, spec.target_class_ids) : undefined;
          episodes.push({ dataset, task, k, seed: support.seed, support: support[k], query: spec.query, targets: spec.target_class_ids, ...(classNames ? { classNames } : {}) });
        }
      }
    }
  }
  return episodes;
}

/**
 * A support or query image with its labels: binary (0 background, 1 target, 255 ignore), or for a
 * multi-class task the index of the pixel's class in `targets` (255 ignore).
 */
export function loadEpisodeImage(dataRoot: string, dataset: string, id: string, targets: number[], multiclass = false): LabeledImage & { labels: Uint8Array } {
  // A packed copy of the data (for a remote run) may hold photos as .jpg.
  const png = path.join(dataRoot, dataset, 'images', `${id}.png`);
  const imageFile = existsSync(png) ? png : path.join(dataRoot, dataset, 'images', `${id}.jpg`);
  const maskFile = path.join(dataRoot, dataset, 'masks', `${id}.png`);
  const image = decodeImage(new Uint8Array(readFileSync(imageFile)), imageFile);
  const mask = decodeMask(new Uint8Array(readFileSync(maskFile)), maskFile);
  const labels = new Uint8Array(mask.data.length);
  if (multiclass) {
    const indexOf = new Map(targets.map((target, index) => [target, index]));
    for (let i = 0; i < labels.length; i++) labels[i] = indexOf.get(mask.data[i]) ?? 255;
    return { name: id, image, labels };
  }
  const foreground = new Set(targets);
  for (let i = 0; i < labels.length; i++) labels[i] = mask.data[i] === 255 ? 255 : foreground.has(mask.data[i]) ? 1 : 0;
  return { name: id, image, labels };
}
