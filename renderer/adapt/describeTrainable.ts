import type { MethodName } from '../../contract/jobs';
import { trainableFor, type TrainableCounts } from '../../contract/trainableCounts';

/** "1.23 M trainable" for the project's classes (+ background), or '' until the engine has measured it. */
export function describeTrainable(counts: TrainableCounts | undefined, method: MethodName, projectClasses: number): string {
  const count = counts ? trainableFor(counts, method, projectClasses + 1) : null;
  if (count === null) return '';
  const text = count >= 1e6 ? `${(count / 1e6).toFixed(2)} M` : count >= 1e3 ? `${(count / 1e3).toFixed(1)} k` : String(count);
  return ` · ${text} trainable`;
}
