import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

/**
 * A real HTTP server on loopback standing in for Slack or a paging service: records every POST,
 * and answers with the statuses `plan` lists in turn (then 200).
 */
export function useWebhookReceiver(): {
  url: (path: string) => string;
  received: ReceivedRequest[];
  failNext: (...statuses: number[]) => void;
} {
  const received: ReceivedRequest[] = [];
  const plan: number[] = [];
  let server: http.Server | undefined;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let data = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => (data += chunk));
      req.on("end", () => {
        let body: unknown = data;
        try {
          body = JSON.parse(data);
        } catch {
          // recorded as text
        }
        received.push({ path: req.url ?? "", headers: req.headers, body });
        const status = plan.shift() ?? 200;
        res.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : "try again later");
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });
  return {
    url: (p: string) => `http://127.0.0.1:${(server!.address() as AddressInfo).port}${p}`,
    received,
    failNext: (...statuses: number[]) => plan.push(...statuses),
  };
}
