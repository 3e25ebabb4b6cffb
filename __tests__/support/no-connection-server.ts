// A TCP listener that only counts connections: a database-url pointing at it proves that
// the action did (or did not) try to connect.
import { createServer, type Server } from "node:net";

export interface ConnectionCounter {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

export async function startConnectionCounter(password: string): Promise<ConnectionCounter> {
  let count = 0;
  const server: Server = createServer((socket) => {
    count += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `postgresql://app:${encodeURIComponent(password)}@127.0.0.1:${port}/app`,
    connections: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
