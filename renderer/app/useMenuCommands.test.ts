import { describe, expect, it, vi } from 'vitest';
import { MENU_COMMAND_EVENT, menuCommandScript } from '../../contract/menuCommands';
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

  it("the main process's script dispatches the event that clicks the panel button of the same flow, never a disabled one", () => {
    const { root, clicked } = fakeRoot({ importModel: { disabled: false }, exportAnnotations: { disabled: true } });
    const target = new EventTarget();
    useMenuCommands(target, root);
    // The script the main process runs with executeJavaScript(code, true), evaluated against the fake window.
    const run = (script: string) => new Function('window', 'CustomEvent', script)(target, CustomEvent);
    run(menuCommandScript('importModel'));
    run(menuCommandScript('exportAnnotations'));
    target.dispatchEvent(new CustomEvent(MENU_COMMAND_EVENT, { detail: 'formatDisk' }));
    expect(clicked).toEqual(['importModel']);
    expect(runMenuCommand(root, 'importImages')).toBe(false);
    expect(() => menuCommandScript('x");alert(1);("' as never)).toThrow(/not a menu command/);
  });
});
