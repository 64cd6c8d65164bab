// The desktop File menu's commands (a 'menuCommand' host event) open the same flows as the panels'
// buttons: each such button carries data-menu-command, and the command clicks it (disabled stays disabled).
import { useEffect } from 'react';
import type { MenuCommand, SegAdaptApi } from '../../contract/api';

/** Clicks the enabled button for `command` in `root`; false when there is none (no project open, busy). */
export function runMenuCommand(root: ParentNode, command: MenuCommand): boolean {
  const button = root.querySelector<HTMLButtonElement>(`button[data-menu-command="${command}"]`);
  if (!button || button.disabled) return false;
  button.click();
  return true;
}

export function useMenuCommands(api: Pick<SegAdaptApi, 'onEvent'>, root: ParentNode = document): void {
  useEffect(
    () =>
      api.onEvent((event) => {
        if (event.type === 'menuCommand') runMenuCommand(root, event.command);
      }),
    [api, root],
  );
}
