import { useRef, useState, useSyncExternalStore } from 'react';
import { candidatesFromInput } from '../importing/collectDroppedFiles';
import type { ExchangeStore } from './exchangeStore';
import { EXPORT_FORMATS, type ExportFormat } from './projectExport';
import { ANNOTATION_FILE_TYPES } from './readAnnotationFiles';

/** Export and import of annotations: renders the store's state and forwards the choices. */
export function ExchangePanel({ store, projectId }: { store: ExchangeStore; projectId: string | null }) {
  const { busy, report } = useSyncExternalStore(store.subscribe, store.getSnapshot);
  const [format, setFormat] = useState<ExportFormat>('coco');
  const [includeProposals, setIncludeProposals] = useState(false);
  const files = useRef<HTMLInputElement>(null);
  const disabled = !projectId || !!busy;
  return (
    <section className="panel-section" aria-label="Annotations exchange">
      <h2>Annotations</h2>
      <div className="row">
        <button type="button" disabled={disabled} data-menu-command="importAnnotations" onClick={() => files.current?.click()}>
          Import annotations…
        </button>
      </div>
      <input
        ref={files}
        type="file"
        multiple
        hidden
        accept={ANNOTATION_FILE_TYPES}
        data-testid="import-annotations"
        onChange={(event) => {
          const candidates = candidatesFromInput(event.currentTarget.files);
          event.currentTarget.value = '';
          void store.importAnnotations(candidates);
        }}
      />
      <p className="muted hint">COCO, CVAT XML, Label Studio JSON, Pascal VOC XML or class-id PNG masks, onto the images of the project (by file name); a data folder through Import folder…</p>
      <div className="row">
        <select aria-label="Export format" style={{ maxWidth: '100%' }} value={format} title={EXPORT_FORMATS.find((f) => f.format === format)?.label} onChange={(event) => setFormat(event.target.value as ExportFormat)}>
          {EXPORT_FORMATS.map((f) => (
            <option key={f.format} value={f.format} title={f.label}>
              {f.shortLabel}
            </option>
          ))}
        </select>
      </div>
      <label className="muted" style={{ display: 'flex', alignItems: 'center', gap: 4 }} title="Pre-labels not yet accepted or rejected, marked attributes.source = 'proposal' with their score (COCO)">
        <input type="checkbox" checked={includeProposals} onChange={(event) => setIncludeProposals(event.target.checked)} /> Also unreviewed pre-labels, marked
      </label>
      <div className="row">
        <button type="button" disabled={disabled} data-menu-command="exportAnnotations" onClick={() => void store.exportAnnotations(format, includeProposals)}>
          Export annotations…
        </button>
      </div>
      {busy ? (
        <p className="muted" role="status">
          {busy === 'import' ? 'Importing annotations…' : 'Exporting…'}
        </p>
      ) : null}
      {report ? (
        <div className={`notice ${report.kind}`} data-testid="exchange-report" data-kind={report.kind}>
          <p>{report.text}</p>
          {report.details.length ? (
            <ul>
              {report.details.slice(0, 20).map((line, i) => (
                <li key={i}>{line}</li>
              ))}
              {report.details.length > 20 ? <li>… and {report.details.length - 20} more</li> : null}
            </ul>
          ) : null}
          <button type="button" onClick={() => store.dismissReport()}>
            Dismiss
          </button>
        </div>
      ) : null}
    </section>
  );
}
