import { DeliveryError } from "@/lib/notify/delivery-error";

const TIMEOUT_MS = 10_000;
const BODY_TAIL = 300;

/**
 * POSTs the JSON body. 2xx is delivered; 5xx, 408, 429 and network errors can be retried; other
 * answers cannot. Messages never contain the URL: it usually carries the webhook's token.
 */
export async function sendWebhook(url: string, body: unknown, signal: AbortSignal): Promise<{ response: string }> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Wayback" },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
    });
  } catch (err) {
    const e = err as Error & { cause?: Error };
    const cause = e.cause?.message ?? e.message;
    // fetch() refuses the ports browsers block (6000, 9, 25, …) before connecting.
    const why =
      e.name === "TimeoutError"
        ? `no answer within ${TIMEOUT_MS / 1000} s`
        : cause === "bad port"
          ? "fetch() refuses this port (a blocked port such as 25 or 6000): use another one"
          : cause;
    throw new DeliveryError(`Could not reach the webhook: ${why}`, cause !== "bad port");
  }
  const text = (await res.text().catch(() => "")).slice(0, BODY_TAIL).trim();
  const response = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
  if (res.ok) return { response };
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  throw new DeliveryError(
    `The webhook answered ${response}${retryable ? "" : " (not retried: check the URL and the receiving end)"}`,
    retryable,
    response,
  );
}
