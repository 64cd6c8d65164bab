import { screenPoint } from '../../geometry/points';
import { actualSizeViewport, fitViewport, zoomAt } from '../../geometry/viewport';
import type { EditorState } from '../editorState';
import type { EditorAction } from './action';

const ZOOM_STEP = 1.25;

function zoomAtCentre(state: EditorState, factor: number): EditorState {
  return { ...state, viewport: zoomAt(state.viewport, screenPoint(state.stageSize.width / 2, state.stageSize.height / 2), factor) };
}

export const viewActions: EditorAction[] = [
  {
    name: 'view.fit',
    label: 'Fit image',
    keys: ['f'],
    group: 'View',
    perform: (state) => (state.image ? { state: { ...state, viewport: fitViewport(state.image, state.stageSize) } } : null),
  },
  { name: 'view.actual', label: 'Zoom to 100 %', keys: ['0'], group: 'View', perform: (state) => ({ state: { ...state, viewport: actualSizeViewport(state.viewport, state.stageSize) } }) },
  { name: 'view.zoomIn', label: 'Zoom in', keys: ['+', '='], group: 'View', perform: (state) => ({ state: zoomAtCentre(state, ZOOM_STEP) }) },
  { name: 'view.zoomOut', label: 'Zoom out', keys: ['-'], group: 'View', perform: (state) => ({ state: zoomAtCentre(state, 1 / ZOOM_STEP) }) },
  { name: 'help', label: 'Show or hide these shortcuts', keys: ['?'], group: 'View', perform: (state) => ({ state: { ...state, helpOpen: !state.helpOpen } }) },
];
