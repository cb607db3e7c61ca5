import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server listening on 127.0.0.1 for one test. */
export interface Listening {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Stops it. */
  close(): Promise<void>;
}

/**
 * Serves a node:http handler on 127.0.0.1 at a free port.
 *
 * @param handler - the handler
 * @returns the base URL and close()
 */
export async function listenNode(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Listening> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
