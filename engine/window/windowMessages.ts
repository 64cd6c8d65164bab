// What the engine window's page and its engine worker say to each other (the host talks to the worker
// itself, over the MessagePort the page hands on with ENGINE_WINDOW_PORT_MESSAGE).

export { ENGINE_WINDOW_PORT_MESSAGE as ENGINE_PORT_MESSAGE } from '../../contract/engineProtocol';

export type WorkerToPageMessage = { type: 'exit'; message: string };
