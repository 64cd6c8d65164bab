// An EngineLauncher whose engines are engine pages in Chromium (the engine window's code, as
// electron/windowEngineHandle.ts runs it in the app): the page crashing is the engine exiting, and kill
// crashes its renderer (CDP Page.crash, as forcefullyCrashRenderer does), so the supervisor's kill and
// restart semantics are checked against the window's code. Messages carry no bytes here (JSON).

import type { Browser, Page } from 'playwright-core';
import { ENGINE_WINDOW_PORT_MESSAGE, type EngineToHostMessage, type HostToEngineMessage } from '../../../contract/engineProtocol';
import type { EngineExit, EngineHandle, EngineLauncher } from '../../../host/engine/engineHandle';

interface PagePort {
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}
interface PageWindow {
  enginePort: PagePort;
  engineToHost(message: unknown): void;
  MessageChannel: new () => { port1: PagePort; port2: object };
  postMessage(message: unknown, origin: string, transfer: object[]): void;
}

export function pageEngineLauncher(browser: Browser, pageUrl: string, backend: string): EngineLauncher {
  return () => {
    const messageListeners: ((message: EngineToHostMessage) => void)[] = [];
    const exitListeners: ((exit: EngineExit) => void)[] = [];
    const unsent: HostToEngineMessage[] = [];
    let page: Page | null = null;
    let connected = false;
    let exited = false;
    const exit = (how: EngineExit) => {
      if (exited) return;
      exited = true;
      void page?.close().catch(() => undefined);
      for (const listener of exitListeners) listener(how);
    };
    const post = (message: HostToEngineMessage) => page!.evaluate((data) => (globalThis as unknown as PageWindow).enginePort.postMessage(data), message).catch(() => undefined);
    void (async () => {
      page = await browser.newPage();
      page.on('crash', () => exit({ code: null, signal: 'crashed' }));
      page.on('close', () => exit({ code: 3, signal: null }));
      await page.exposeFunction('engineToHost', (message: EngineToHostMessage) => {
        if (!exited) for (const listener of messageListeners) listener(message);
      });
      await page.goto(`${pageUrl}?backend=${backend}`);
      await page.evaluate((portMessage) => {
        const pageWindow = globalThis as unknown as PageWindow;
        const channel = new pageWindow.MessageChannel();
        channel.port1.onmessage = (event) => pageWindow.engineToHost(event.data);
        pageWindow.enginePort = channel.port1;
        pageWindow.postMessage(portMessage, '*', [channel.port2]);
      }, ENGINE_WINDOW_PORT_MESSAGE);
      connected = true;
      for (const message of unsent.splice(0)) await post(message);
    })().catch(() => exit({ code: 1, signal: null }));
    const handle: EngineHandle = {
      pid: undefined,
      send: (message) => {
        if (exited) return;
        if (connected) void post(message);
        else unsent.push(message);
      },
      onMessage: (listener) => messageListeners.push(listener),
      onExit: (listener) => exitListeners.push(listener),
      kill: () => {
        if (exited || !page) return;
        const crashing = page;
        void crashing
          .context()
          .newCDPSession(crashing)
          .then((cdp) => cdp.send('Page.crash'))
          .catch(() => exit({ code: null, signal: 'crashed' }));
      },
    };
    return handle;
  };
}
