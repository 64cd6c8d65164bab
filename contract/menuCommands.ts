// What the desktop app's File menu asks the renderer to open (the same flows as the panels' buttons).
// A file chooser opens only inside a user gesture, and a menu click is none for the page: so the main
// process does not send an IPC message but runs a one-line script with executeJavaScript(code, true),
// which dispatches a window event inside a gesture; the renderer's handler clicks the panel's button.

export const MENU_COMMANDS = ['importImages', 'importAnnotations', 'exportAnnotations', 'importModel'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const MENU_COMMAND_EVENT = 'segadapt-menu-command';

export function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

/** The script the main process runs in the page (with userGesture true) for `command`. */
export function menuCommandScript(command: MenuCommand): string {
  if (!isMenuCommand(command)) throw new Error(`not a menu command: ${String(command)}`);
  return `window.dispatchEvent(new CustomEvent(${JSON.stringify(MENU_COMMAND_EVENT)}, { detail: ${JSON.stringify(command)} }))`;
}
