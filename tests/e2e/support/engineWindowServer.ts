// Serves the engine window's routes (host/engine/engineWindowRoutes.ts) over HTTP on 127.0.0.1, as
// Electron's custom protocol does in the app, so a Chromium page can run the window's engine in tests.

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { engineWindowRoutes, type EngineWindowRoutesOptions } from '../../../host/engine/engineWindowRoutes';

export interface EngineWindowServer {
  /** The engine page, e.g. http://127.0.0.1:PORT/engine/engine.html */
  pageUrl: string;
  close(): Promise<void>;
}

export async function serveEngineWindow(options: EngineWindowRoutesOptions): Promise<EngineWindowServer> {
  const routes = engineWindowRoutes(options);
  const server = http.createServer((incoming, outgoing) => {
    const body = incoming.method === 'GET' || incoming.method === 'HEAD' ? undefined : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
    const headers = Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : []));
    const request = new Request(`http://${incoming.headers.host}${incoming.url}`, { method: incoming.method, headers, body, duplex: 'half' } as RequestInit);
    void routes(request).then(async (response) => {
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    pageUrl: `http://127.0.0.1:${port}/engine/engine.html`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
