import { REVIEW_KEYS } from '../adapt/reviewKeys';
import { EDITOR_ACTIONS } from '../editor/actions/actionRegistry';
import { describeBinding } from '../editor/actions/keyBinding';
import { isMacPlatform } from './platform';

const POINTER_HELP: [string, string][] = [
  ['Space + drag, middle drag', 'Pan'],
  ['Wheel', 'Zoom to the cursor'],
  ['Shift + click (brush)', 'Straight line from the last stroke'],
  ['Click first vertex, Enter', 'Close the polygon'],
  ['Double-click an edge (Select)', 'Insert a vertex'],
  ['Drag a vertex (Select, Polygon)', 'Move the vertex'],
  ['Alt + click a vertex', 'Delete the vertex'],
];

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
        <section>
          <h3>Review (while proposals are shown)</h3>
          <dl>
            {REVIEW_KEYS.map(({ keys, label }) => (
              <div key={keys} className="help-row">
                <dt>{keys}</dt>
                <dd>{label}</dd>
              </div>
            ))}
          </dl>
        </section>
        <section>
          <h3>Pointer</h3>
          <dl>
            {POINTER_HELP.map(([keys, label]) => (
              <div key={keys} className="help-row">
                <dt>{keys}</dt>
                <dd>{label}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>
    </div>
  );
}
