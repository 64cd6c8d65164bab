// The desktop File menu's commands (a window event the main process dispatches inside a user gesture,
// see contract/menuCommands.ts) open the same flows as the panels' buttons: each such button carries
// data-menu-command, and the command clicks it (disabled stays disabled).
import { useEffect } from 'react';
import { isMenuCommand, MENU_COMMAND_EVENT, type MenuCommand } from '../../contract/menuCommands';

/** Clicks the enabled button for `command` in `root`; false when there is none (no project open, busy). */
export function runMenuCommand(root: ParentNode, command: MenuCommand): boolean {
  const button = root.querySelector<HTMLButtonElement>(`button[data-menu-command="${command}"]`);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

export function useMenuCommands(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'> = window, root: ParentNode = document): void {
  useEffect(() => {
    const onCommand = (event: Event) => {
      const command = (event as CustomEvent<unknown>).detail;
      if (isMenuCommand(command)) runMenuCommand(root, command);
    };
    target.addEventListener(MENU_COMMAND_EVENT, onCommand);
    return () => target.removeEventListener(MENU_COMMAND_EVENT, onCommand);
  }, [target, root]);
}
