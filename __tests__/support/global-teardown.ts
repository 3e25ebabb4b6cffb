export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__EMBEDDED_PG__;
  if (!server) return;
  await server.stop();
  // The next global setup in this process (one benchmark after another) starts its own server.
  globalThis.__EMBEDDED_PG__ = undefined;
  delete process.env.TEST_ADMIN_URL;
}
