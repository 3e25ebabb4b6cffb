// The fake Zeabur as a test's runs are pointed at it.
import type { FakeZeabur } from "../../stand-ins/fake-zeabur.js";

/**
 * The inputs that send a run's upload to a new service of the fake Zeabur, as a workflow's
 * `with:` does; `apiUrl` points the run elsewhere with the same key and service.
 */
export function zeaburInputs(zeabur: FakeZeabur, apiUrl = zeabur.url): Record<string, string> {
  const service = zeabur.addService();
  return {
    "zeabur-api-key": zeabur.apiKey,
    "zeabur-service-id": service.serviceId,
    "zeabur-environment-id": service.environmentId,
    "zeabur-api-url": apiUrl,
  };
}
