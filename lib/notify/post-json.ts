import { serviceMessage } from "@/lib/domain/notification-answer";
import { DeliveryError } from "@/lib/notify/delivery-error";

const TIMEOUT_MS = 10_000;
const BODY_TAIL = 300;

/**
 * POSTs a JSON body to a webhook or a service's API. 2xx is delivered; 5xx, 408, 429 and network
 * errors can be retried; other answers cannot, and the error quotes what the service said.
 * Messages never contain the URL (webhook URLs carry their token), and `secrets` (a routing key
 * in the body, an API key in a header) are cut out of anything the other side echoes back.
 */
export async function postJson(
  url: string,
  body: unknown,
  opts: {
    /** Who answers, as errors name it: "the webhook", "PagerDuty". */
    peer: string;
    /** What to check when a refusal is not retried. */
    hint: string;
    headers?: Record<string, string>;
    secrets?: string[];
    signal: AbortSignal;
  },
): Promise<{ response: string }> {
  const scrub = (text: string) => (opts.secrets ?? []).reduce((t, s) => (s ? t.replaceAll(s, "…") : t), text);
  let res: Response;
  try {
    res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "user-agent": "Wayback", ...opts.headers },
      body: JSON.stringify(body),
      redirect: "manual",
      signal: AbortSignal.any([opts.signal, AbortSignal.timeout(TIMEOUT_MS)]),
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
    throw new DeliveryError(`Could not reach ${opts.peer}: ${why}`, cause !== "bad port");
  }
  const text = scrub((await res.text().catch(() => "")).slice(0, BODY_TAIL).trim());
  const response = `HTTP ${res.status}${text ? `: ${text}` : ""}`;
  if (res.ok) return { response };
  const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
  const said = serviceMessage(text);
  throw new DeliveryError(
    `${capitalise(opts.peer)} answered HTTP ${res.status}${said ? ` (${said})` : text ? `: ${text}` : ""}${retryable ? "" : ` (not retried: ${opts.hint})`}`,
    retryable,
    response,
  );
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
