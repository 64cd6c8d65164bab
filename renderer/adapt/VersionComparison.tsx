import { useState } from 'react';
import type { ModelVersionRecord } from '../db/records';
import { compareVersions } from './versionComparison';

function VersionSelect({ label, versions, value, onChange }: { label: string; versions: readonly ModelVersionRecord[]; value: string; onChange: (id: string) => void }) {
  return (
    <select aria-label={label} value={value} onChange={(event) => onChange(event.target.value)}>
      {versions.map((version) => (
        <option key={version.id} value={version.id}>
          {version.name}
        </option>
      ))}
    </select>
  );
}

/** Two versions side by side (the two newest unless the user picks others). */
export function VersionComparison({ versions }: { versions: readonly ModelVersionRecord[] }) {
  const newestFirst = [...versions].sort((a, b) => b.createdAt - a.createdAt);
  const [leftId, setLeftId] = useState<string | null>(null);
  const [rightId, setRightId] = useState<string | null>(null);
  if (newestFirst.length < 2) return null;
  const left = newestFirst.find((v) => v.id === leftId) ?? newestFirst[1];
  const right = newestFirst.find((v) => v.id === rightId) ?? newestFirst[0];
  return (
    <details className="version-comparison" data-testid="version-comparison">
      <summary>Compare versions</summary>
      <table>
        <thead>
          <tr>
            <th />
            <th>
              <VersionSelect label="Compare from" versions={newestFirst} value={left.id} onChange={setLeftId} />
            </th>
            <th>
              <VersionSelect label="Compare to" versions={newestFirst} value={right.id} onChange={setRightId} />
            </th>
            <th>change</th>
          </tr>
        </thead>
        <tbody>
          {compareVersions(left, right).map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td>{row.left}</td>
              <td>{row.right}</td>
              <td className={row.delta === null ? '' : row.delta > 0 ? 'better' : row.delta < 0 ? 'worse' : ''}>{row.delta === null ? '' : `${row.delta > 0 ? '+' : ''}${row.delta.toFixed(3)}`}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
