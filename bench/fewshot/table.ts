// Markdown tables from episode results: mIoU per method x (task, K), mean over seeds; adapt seconds.

import type { EpisodeResult } from './runEpisode';

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

export function printTables(results: EpisodeResult[]): void {
  const methods = [...new Set(results.map((r) => r.method))];
  const tasks = [...new Set(results.map((r) => r.task))];
  for (const k of ['K1', 'K5']) {
    const ofK = results.filter((r) => r.k === k);
    if (ofK.length === 0) continue;
    console.log(`\n### query mIoU, ${k} (mean over seeds; n = episodes)\n`);
    console.log(`| method | ${tasks.join(' | ')} | mean | adapt s | n |`);
    console.log(`| --- | ${tasks.map(() => '---').join(' | ')} | --- | --- | --- |`);
    for (const method of methods) {
      const rows = ofK.filter((r) => r.method === method);
      if (rows.length === 0) continue;
      const perTask = tasks.map((task) => mean(rows.filter((r) => r.task === task).map((r) => r.miou)));
      const present = perTask.filter((v) => !Number.isNaN(v));
      console.log(
        `| ${method} | ${perTask.map((v) => (Number.isNaN(v) ? '-' : v.toFixed(3))).join(' | ')} | ${mean(present).toFixed(3)} | ${mean(rows.map((r) => r.adaptSeconds)).toFixed(1)} | ${rows.length} |`,
      );
    }
  }
}
