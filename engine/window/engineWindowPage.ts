// The engine window's page: starts the engine worker (with the page's own query, e.g. ?backend=wasm) and
// hands it the host's MessagePort when it arrives (posted to the window with ENGINE_PORT_MESSAGE, by the
// Electron preload or a test). When the engine gives up, the page closes its window, which its host
// sees as the engine exiting.

import { ENGINE_PORT_MESSAGE, type WorkerToPageMessage } from './windowMessages';

// Typed here, not through the DOM library: engine/ is checked with Node's types (tsconfig.node.json).
type Transferable = object;
interface EngineWorker {
  postMessage(message: unknown, transfer: Transferable[]): void;
  onmessage: ((event: { data: WorkerToPageMessage }) => void) | null;
  onerror: ((event: { message: string }) => void) | null;
}
interface PageScope {
  location: { search: string };
  /** Why the engine gave up, for whoever watches the page (tests) before it closes. */
  engineExit?: string;
  addEventListener(type: 'message', listener: (event: { data: unknown; ports: readonly Transferable[] }) => void): void;
  close(): void;
  Worker: new (url: URL, options: { type: 'module'; name: string }) => EngineWorker;
}

const page = globalThis as unknown as PageScope;
const worker = new page.Worker(new URL(`engineWorker.js${page.location.search}`, import.meta.url), { type: 'module', name: 'segadapt-engine' });

page.addEventListener('message', (event) => {
  if (event.data === ENGINE_PORT_MESSAGE && event.ports[0]) worker.postMessage(ENGINE_PORT_MESSAGE, [event.ports[0]]);
});

function exit(message: string): void {
  page.engineExit = message;
  page.close();
}

worker.onmessage = (event) => {
  if (event.data.type === 'exit') exit(event.data.message);
};
worker.onerror = (event) => {
  console.error(`engine worker failed: ${event.message}`);
  exit(`engine worker failed: ${event.message}`);
};
