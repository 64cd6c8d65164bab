import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { MENU_COMMANDS, type MenuCommand } from '../contract/menuCommands';

const electron = vi.hoisted(() => ({
  built: [] as unknown[],
  opened: [] as string[],
}));
vi.mock('electron', () => ({
  app: { getVersion: () => '1.2.3', getPath: (name: string) => `/data/${name}` },
  Menu: { buildFromTemplate: (template: unknown) => (electron.built.push(template), { template }) },
  shell: { openPath: async (path: string) => void electron.opened.push(path) },
}));

const { applicationMenuTemplate, buildApplicationMenu } = await import('./menu');

function fileMenu(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  const file = template.find((item) => item.label === 'File');
  return (file?.submenu ?? []) as MenuItemConstructorOptions[];
}

const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void)();

describe('application menu', () => {
  it('has a File menu whose import and export items send their command to the renderer', () => {
    const sent: MenuCommand[] = [];
    const items = fileMenu(applicationMenuTemplate({ isMac: false, version: '1', send: (command) => sent.push(command), openModelsFolder: () => {} }));
    expect(items.filter((item) => item.label).map((item) => item.label)).toEqual(['Import images…', 'Import annotations…', 'Export annotations…', 'Import model…']);
    expect(items.at(-1)).toEqual({ role: 'quit' });
    for (const item of items) if (item.click) click(item);
    expect(sent).toEqual(['importImages', 'importAnnotations', 'exportAnnotations', 'importModel']);
    expect([...sent].sort()).toEqual([...MENU_COMMANDS].sort());
  });

  it('keeps the standard menus, with the app menu and Close on macOS', () => {
    const mac = applicationMenuTemplate({ isMac: true, version: '1', send: () => {}, openModelsFolder: () => {} });
    expect(mac[0]).toEqual({ role: 'appMenu' });
    expect(fileMenu(mac).at(-1)).toEqual({ role: 'close' });
    expect(mac.map((item) => item.role ?? item.label)).toEqual(['appMenu', 'File', 'editMenu', 'View', 'windowMenu', 'help']);
  });

  it('builds the Electron menu from the template with the app version and the models folder', () => {
    const sent: MenuCommand[] = [];
    buildApplicationMenu((command) => sent.push(command));
    const template = electron.built.at(-1) as MenuItemConstructorOptions[];
    const help = (template.find((item) => item.role === 'help')?.submenu ?? []) as MenuItemConstructorOptions[];
    expect(help[0].label).toBe('SegAdapt 1.2.3');
    click(help[1]);
    expect(electron.opened).toEqual(['/data/userData']);
    click(fileMenu(template).find((item) => item.label === 'Import model…')!);
    expect(sent).toEqual(['importModel']);
  });
});
