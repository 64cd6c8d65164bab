// Markdown tables from episode results: mIoU per method x (task, K), mean over seeds; adapt seconds.

import type { EpisodeResult } from './runEpisode';

const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN);

const spread = (values: number[]) => {
  const m = mean(values);
  return values.length > 1 ? Math.sqrt(mean(values.map((v) => (v - m) ** 2))) : 0;
};

/** Per-class IoU of the multi-class tasks (mean over seeds), with the mIoU's spread over seeds. */
function printPerClass(results: EpisodeResult[]): void {
  const multi = results.filter((r) => r.perClass && Object.keys(r.perClass).length > 2);
  for (const task of new Set(multi.map((r) => r.task))) {
    for (const k of ['K1', 'K5']) {
      const rows = multi.filter((r) => r.task === task && r.k === k);
      if (rows.length === 0) continue;
      const names = Object.keys(rows[0].perClass!);
      const variantOf = (r: EpisodeResult) => `${r.method}${r.tta ? ` +${r.tta}` : ''}${r.unlabeled ? ` +U${r.unlabeled}` : ''}`;
      const variants = [...new Set(rows.map(variantOf))];
      console.log(`\n### ${task} ${k}: per-class IoU (mean over seeds), mIoU mean ± spread over seeds\n`);
      console.log(`| method | ${names.join(' | ')} | mIoU | unseen mIoU | adapt s | n |`);
      console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- | --- | --- | --- |`);
      for (const variant of variants) {
        const ofVariant = rows.filter((r) => variantOf(r) === variant);
        const perClass = names.map((name) => mean(ofVariant.map((r) => r.perClass![name]).filter((v): v is number => v !== null)));
        const mious = ofVariant.map((r) => r.miou);
        console.log(`| ${variant} | ${perClass.map((v) => (Number.isNaN(v) ? '-' : v.toFixed(3))).join(' | ')} | ${mean(mious).toFixed(3)} ± ${spread(mious).toFixed(3)} | ${ofVariant.every((r) => r.miouUnseen !== undefined) ? mean(ofVariant.map((r) => r.miouUnseen!)).toFixed(3) : '-'} | ${mean(ofVariant.map((r) => r.adaptSeconds)).toFixed(1)} | ${ofVariant.length} |`);
      }
    }
  }
}

export function printTables(results: EpisodeResult[]): void {
  printPerClass(results);
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
