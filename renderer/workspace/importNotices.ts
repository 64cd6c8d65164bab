import type { ImportReport } from '../importing/importImages';
import { notice, type Notice } from './notices';

/** What the user is told after an import: what came in, what was skipped and why, by file name. */
export function importNotices(report: ImportReport): Notice[] {
  const notices: Notice[] = [];
  const imported = report.imported.length;
  const duplicates = report.duplicates.length;
  const summary = [`Imported ${imported} image${imported === 1 ? '' : 's'}`];
  if (duplicates) summary.push(`${duplicates} already in the project`);
  // A failed import is told by the error notice alone, not also as "Imported 0 images".
  if (imported || duplicates || !report.skipped.length) {
    notices.push(notice('info', summary.join('; ') + '.', report.duplicates.map((name) => `${name}: duplicate, not imported again`)));
  }
  if (report.skipped.length) {
    notices.push(
      notice(
        'error',
        `Skipped ${report.skipped.length} file${report.skipped.length === 1 ? '' : 's'} that could not be imported:`,
        report.skipped.map(({ name, reason }) => `${name}: ${reason}`),
      ),
    );
  }
  return notices;
}
