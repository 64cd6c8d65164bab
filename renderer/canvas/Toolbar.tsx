import type { Editor } from '../editor/editor';
import { useEditorSelector } from '../editor/useEditorSelector';
import type { ToolName } from '../tools/toolTypes';

const TOOL_BUTTONS: [ToolName, string, string][] = [
  ['select', 'Select', 'V'],
  ['box', 'Box', 'R'],
  ['polygon', 'Polygon', 'P'],
  ['brush', 'Brush', 'B'],
  ['eraser', 'Eraser', 'E'],
  ['pan', 'Pan', 'H'],
];

interface ToolbarProps {
  editor: Editor;
  reviewed: boolean;
  onReviewedChange: (reviewed: boolean) => void;
}

export function Toolbar({ editor, reviewed, onReviewedChange }: ToolbarProps) {
  const state = useEditorSelector(editor, (s) => s);
  const brushing = state.tool === 'brush' || state.tool === 'eraser';
  return (
    <div className="toolbar" role="toolbar" aria-label="Tools">
      {TOOL_BUTTONS.map(([tool, label, key]) => (
        <button key={tool} type="button" className={state.tool === tool ? 'active' : ''} aria-pressed={state.tool === tool} title={`${label} (${key})`} onClick={() => editor.runAction(`tool.${tool}`)}>
          {label}
        </button>
      ))}
      {/* Hidden rather than removed, so switching tools never reflows the toolbar and resizes the canvas. */}
      <label className="brush-size" style={{ visibility: brushing ? 'visible' : 'hidden' }}>
        Size
        <input type="range" min={1} max={200} value={state.brushRadius} aria-label="Brush size" onChange={(event) => editor.setBrushRadius(Number(event.target.value))} />
        <span>{state.brushRadius * 2} px</span>
      </label>
      <span className="toolbar-gap" />
      <button type="button" disabled={!state.history.undo.length} title="Undo (Ctrl+Z)" onClick={() => editor.runAction('undo')}>
        Undo
      </button>
      <button type="button" disabled={!state.history.redo.length} title="Redo (Ctrl+Shift+Z)" onClick={() => editor.runAction('redo')}>
        Redo
      </button>
      <button type="button" title="Fit (F)" onClick={() => editor.runAction('view.fit')}>
        Fit
      </button>
      <button type="button" title="100 % (0)" onClick={() => editor.runAction('view.actual')}>
        100 %
      </button>
      <span className="zoom-level" data-testid="zoom-level">
        {Math.round(state.viewport.scale * 100)} %
      </span>
      <label title="Unpainted pixels of this image count as background for training (L)">
        <input type="checkbox" disabled={!state.image} checked={state.document.fullyLabeled} onChange={() => editor.runAction('image.fullyLabeled')} /> Fully labeled
      </label>
      <label>
        <input type="checkbox" disabled={!state.image} checked={reviewed} onChange={(event) => onReviewedChange(event.target.checked)} /> Reviewed
      </label>
      <button type="button" title="Keyboard shortcuts (?)" onClick={() => editor.runAction('help')}>
        ?
      </button>
    </div>
  );
}
