// The application menu: standard roles, so copy/paste, undo in text fields and window commands work, and a
// File menu whose import and export items ask the renderer (contract/menuCommands.ts) to open the same flows
// as the panels' buttons.

import { app, Menu, shell } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';
import type { MenuCommand } from '../contract/menuCommands';

export interface MenuActions {
  isMac: boolean;
  version: string;
  /** Sends a command to the window's renderer. */
  send(command: MenuCommand): void;
  openModelsFolder(): void;
}

const FILE_ITEMS: { label: string; command: MenuCommand; accelerator?: string }[] = [
  { label: 'Import images…', command: 'importImages', accelerator: 'CmdOrCtrl+O' },
  { label: 'Import annotations…', command: 'importAnnotations' },
  { label: 'Export annotations…', command: 'exportAnnotations', accelerator: 'CmdOrCtrl+E' },
];

export function applicationMenuTemplate(actions: MenuActions): MenuItemConstructorOptions[] {
  const item = ({ label, command, accelerator }: (typeof FILE_ITEMS)[number]): MenuItemConstructorOptions => ({ label, id: command, ...(accelerator ? { accelerator } : {}), click: () => actions.send(command) });
  return [
    ...(actions.isMac ? [{ role: 'appMenu' } as MenuItemConstructorOptions] : []),
    {
      label: 'File',
      submenu: [...FILE_ITEMS.map(item), { type: 'separator' }, item({ label: 'Import model…', command: 'importModel' }), { type: 'separator' }, actions.isMac ? { role: 'close' } : { role: 'quit' }],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: `SegAdapt ${actions.version}`, enabled: false },
        { label: 'Open models folder', click: () => actions.openModelsFolder() },
      ],
    },
  ];
}

export function buildApplicationMenu(send: (command: MenuCommand) => void): Menu {
  return Menu.buildFromTemplate(
    applicationMenuTemplate({ isMac: process.platform === 'darwin', version: app.getVersion(), send, openModelsFolder: () => void shell.openPath(app.getPath('userData')) }),
  );
}
