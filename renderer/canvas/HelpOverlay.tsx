import { REVIEW_KEYS } from '../adapt/reviewKeys';
import { EDITOR_ACTIONS } from '../editor/actions/actionRegistry';
import { describeBinding } from '../editor/actions/keyBinding';
import { isMacPlatform } from './platform';

interface HelpRow {
  keys: string;
  label: string;
}

const POINTER_HELP: HelpRow[] = [
  { keys: 'Space + drag, middle drag', label: 'Pan' },
  { keys: 'Wheel', label: 'Zoom to the cursor' },
  { keys: 'Shift + click (brush)', label: 'Straight line from the last stroke' },
  { keys: 'Click first vertex, Enter', label: 'Close the polygon' },
  { keys: 'Double-click an edge (Select)', label: 'Insert a vertex' },
  { keys: 'Drag a vertex (Select, Polygon)', label: 'Move the vertex' },
  { keys: 'Alt + click a vertex', label: 'Delete the vertex' },
];

function HelpSection({ title, rows }: { title: string; rows: readonly HelpRow[] }) {
  return (
    <section>
      <h3>{title}</h3>
      <dl>
        {rows.map(({ keys, label }) => (
          <div key={keys} className="help-row">
            <dt>{keys}</dt>
            <dd>{label}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** Every registered shortcut, grouped, read from the action registry so it cannot drift. */
export function HelpOverlay({ onClose }: { onClose: () => void }) {
  const mac = isMacPlatform();
  const groups = [...new Set(EDITOR_ACTIONS.map((a) => a.group))];
  return (
    <div className="help-overlay" role="dialog" aria-label="Keyboard shortcuts">
      <header>
        <h2>Keyboard shortcuts</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </header>
      <div className="help-columns">
        {groups.map((group) => (
          <section key={group}>
            <h3>{group}</h3>
            <dl>
              {group === 'Classes' ? (
                <div className="help-row">
                  <dt>1 … 9</dt>
                  <dd>Use the class at that position</dd>
                </div>
              ) : null}
              {EDITOR_ACTIONS.filter((a) => a.group === group && !a.name.startsWith('class.')).map((action) => (
                <div key={action.name} className="help-row">
                  <dt>{action.keys.map((k) => describeBinding(k, mac)).join(' / ')}</dt>
                  <dd>{action.label}</dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
        <HelpSection title="Review (while proposals are shown)" rows={REVIEW_KEYS} />
        <HelpSection title="Pointer" rows={POINTER_HELP} />
      </div>
    </div>
  );
}
