// Electron main process: one window, the application menu, a single instance, and the host side of
// the API contract. The engine runs in a utilityProcess, never in this event loop; with
// SEGADAPT_ENGINE_HOST=window it runs in a hidden engine window instead (electron/engineWindow.ts),
// where Chromium's WebGPU can train on the GPU.

import { app, BrowserWindow, dialog, ipcMain, Menu } from 'electron';
import type { IpcMainInvokeEvent } from 'electron';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { IPC_EVENT_CHANNEL } from '../contract/api';
import type { ApiEvent, SaveFileRequest, SaveFileResult } from '../contract/api';
import { EngineSupervisor } from '../host/engine/engineSupervisor';
import { createHostApi } from '../host/hostApi';
import { ModelStore } from '../host/models/modelStore';
import { ProjectCopy } from '../host/projects/projectCopy';
import { projectCopyHandlers } from '../host/projects/projectCopyApi';
import { registerApiHandlers } from './ipcBridge';
import { buildApplicationMenu } from './menu';
import { menuCommandScript, type MenuCommand } from '../contract/menuCommands';
import type { EngineLauncher } from '../host/engine/engineHandle';
import { engineWindowLauncher, registerEngineScheme } from './engineWindow';
import { utilityEngineLauncher } from './utilityEngine';

/** `window`: the engine runs in a hidden engine window (GPU through Chromium's WebGPU); else in a utilityProcess. */
const ENGINE_HOST_ENV = 'SEGADAPT_ENGINE_HOST';
const engineHost = process.env[ENGINE_HOST_ENV] === 'window' ? 'window' : 'utility';

if (process.env.SEGADAPT_USER_DATA) app.setPath('userData', process.env.SEGADAPT_USER_DATA);
// Before the app is ready, and the app's only privileged scheme (Electron keeps the last call's list).
registerEngineScheme();
// Chromium enables WebGPU on Linux only for some drivers (ENGINE-HOSTS.md); the engine's training
// self-test decides whether the adapter is trusted. Not yet tried on a Linux GPU.
if (engineHost === 'window' && process.platform === 'linux') app.commandLine.appendSwitch('enable-unsafe-webgpu');

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let mainWindow: BrowserWindow | null = null;
  const appRoot = app.getAppPath();
  const rendererIndex = path.join(appRoot, 'dist', 'renderer', 'index.html');
  const modelsDir = path.join(app.getPath('userData'), 'models');
  const enginePath = path.join(appRoot, 'dist', 'engine', 'engineProcess.mjs');

  const backend = process.env.SEGADAPT_BACKEND;
  // The engine window's launcher needs the app ready: made at the first launch (supervisor.start()).
  let windowLauncher: EngineLauncher | null = null;
  const launch: EngineLauncher =
    engineHost === 'window' ? () => (windowLauncher ??= engineWindowLauncher({ appRoot, modelsDir, backend }))() : utilityEngineLauncher({ enginePath, modelsDir, backend });
  const supervisor = new EngineSupervisor({ launch });

  const saveFile = async (request: SaveFileRequest): Promise<SaveFileResult> => {
    const options = { defaultPath: request.suggestedName, filters: request.filters };
    const choice = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { saved: false };
    const temporary = `${choice.filePath}.segadapt-partial`;
    try {
      await fs.writeFile(temporary, request.data);
      await fs.rename(temporary, choice.filePath);
    } catch (error) {
      // A full disk or a refused rename leaves neither the file nor its partial copy.
      await fs.rm(temporary, { force: true }).catch(() => undefined);
      throw error;
    }
    return { saved: true, path: choice.filePath };
  };

  // The durable copy of the projects in IndexedDB (a corrupted or cleared store is restored from it).
  const projectCopy = ProjectCopy.open(path.join(app.getPath('userData'), 'projects'));
  projectCopy.catch(() => undefined);
  const handlers = createHostApi({ supervisor, models: new ModelStore(modelsDir), saveFile, projectCopy: projectCopyHandlers(projectCopy) });

  // Only our own page may call the host.
  const fromOurWindow = (event: IpcMainInvokeEvent) =>
    mainWindow !== null && event.sender === mainWindow.webContents && (event.senderFrame?.url ?? '').startsWith('file://');

  registerApiHandlers(ipcMain, handlers, fromOurWindow);

  const sendEvent = (event: ApiEvent) => {
    if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT_CHANNEL, event);
  };
  supervisor.onEvent(sendEvent);

  const createWindow = () => {
    mainWindow = new BrowserWindow({
      width: 1400,
      height: 900,
      minWidth: 900,
      minHeight: 600,
      title: 'SegAdapt',
      backgroundColor: '#1e1f22',
      show: false,
      webPreferences: {
        preload: path.join(appRoot, 'dist', 'electron', 'preload.cjs'),
        contextIsolation: true,
        nodeIntegration: false,
        sandbox: true,
        webSecurity: true,
      },
    });
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    mainWindow.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    mainWindow.webContents.on('will-navigate', (event, url) => {
      if (!url.startsWith('file://')) event.preventDefault();
    });
    mainWindow.on('closed', () => {
      mainWindow = null;
      // The hidden engine window would keep 'window-all-closed' from ever firing.
      if (engineHost === 'window' && process.platform !== 'darwin') app.quit();
    });
    void mainWindow.loadFile(rendererIndex);
  };

  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  app.on('before-quit', () => {
    supervisor.stop();
    void projectCopy.then((copy) => copy.close()).catch(() => undefined);
  });

  void app.whenReady().then(() => {
    // Inside a user gesture, or the renderer's file chooser would not open (contract/menuCommands.ts).
    const sendMenuCommand = (command: MenuCommand) => {
      if (mainWindow && !mainWindow.isDestroyed()) void mainWindow.webContents.executeJavaScript(menuCommandScript(command), true).catch(() => undefined);
    };
    Menu.setApplicationMenu(buildApplicationMenu(sendMenuCommand));
    supervisor.start();
    createWindow();
    app.on('activate', () => {
      if (mainWindow === null) createWindow();
    });
  });
}
