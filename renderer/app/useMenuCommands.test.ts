import { describe, expect, it, vi } from 'vitest';
import type { ApiEvent } from '../../contract/api';
import { runMenuCommand, useMenuCommands } from './useMenuCommands';

vi.mock('react', () => ({ useEffect: (effect: () => void) => effect() }));

describe('menu commands in the renderer', () => {
  function fakeRoot(buttons: Record<string, { disabled: boolean }>) {
    const clicked: string[] = [];
    const root = {
      querySelector: (selector: string) => {
        const command = /data-menu-command="([^"]+)"/.exec(selector)?.[1] ?? '';
        const button = buttons[command];
        return button ? { disabled: button.disabled, click: () => clicked.push(command) } : null;
      },
    } as unknown as ParentNode;
    return { root, clicked };
  }

  it('a menuCommand event clicks the panel button of the same flow, and never a disabled one', () => {
    const { root, clicked } = fakeRoot({ importModel: { disabled: false }, exportAnnotations: { disabled: true } });
    let listener: ((event: ApiEvent) => void) | null = null;
    useMenuCommands({ onEvent: (l) => ((listener = l), () => {}) }, root);
    listener!({ type: 'menuCommand', command: 'importModel' });
    listener!({ type: 'menuCommand', command: 'exportAnnotations' });
    listener!({ type: 'engineStatus', status: { state: 'ready', backend: 'wasm', probes: [], restarts: 0, runningJobId: null, queuedJobIds: [], lastError: null } });
    expect(clicked).toEqual(['importModel']);
    expect(runMenuCommand(root, 'importImages')).toBe(false);
  });
});
