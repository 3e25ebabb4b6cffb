// A host that accepts TCP connections and never answers, like a black-holed proxy or a hung
// server: only the action's own time limits can end a request to it.
import { createServer, type Socket } from "node:net";

export interface SilentServer {
  readonly port: number;
  close(): Promise<void>;
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    // The action resets the connection when it gives up; that is the expected end, not a failure.
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as { port: number }).port,
    async close() {
      // close() waits for open connections, and these would never end on their own.
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
