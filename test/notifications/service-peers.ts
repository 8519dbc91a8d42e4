import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * PagerDuty's Events API v2, Opsgenie's Alert API, a Teams Workflows webhook and a Discord webhook
 * on one loopback HTTP server. Each checks what the real service requires of a request (the JSON
 * fields and their types and limits, the key in the body or the header, the URL's token) and
 * answers as the service does: its success status and body, and its error shape when it refuses.
 * It keeps the incidents and alerts it was told about, so a test can see a resolve close one.
 */
export type Service = "pagerduty" | "opsgenie" | "teams" | "discord";

export interface PeerRequest {
  service: Service;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  status: number;
}

interface Answer {
  status: number;
  body?: unknown;
}

export interface ServicePeers {
  url: string;
  requests: PeerRequest[];
  /** dedup_key → the incident's state after the last accepted event. */
  incidents: Map<string, "triggered" | "acknowledged" | "resolved">;
  /** alias → the Opsgenie alert's state. */
  alerts: Map<string, "open" | "closed">;
  /** The next requests to `service` get these statuses, in the service's own error shape (then the normal answer). */
  failNext: (service: Service, ...statuses: number[]) => void;
  /** While set, every request to `service` gets this status. */
  down: Partial<Record<Service, number>>;
  close: () => Promise<void>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown, max: number, required = true) =>
  v === undefined ? !required : typeof v === "string" && v.length <= max && (!required || v.length > 0);

// ---- PagerDuty: POST /v2/enqueue (https://developer.pagerduty.com/api-reference/368ae3d938c9e-send-an-event-to-pager-duty)
const PD_FIELDS = ["routing_key", "event_action", "dedup_key", "payload", "client", "client_url", "links", "images"];
const PD_SEVERITIES = ["critical", "error", "warning", "info"];

function pagerdutyErrors(b: unknown, keys: Set<string>): string[] {
  if (!isObj(b)) return ["Event object is not a JSON object"];
  const errors = Object.keys(b)
    .filter((k) => !PD_FIELDS.includes(k))
    .map((k) => `'${k}' is not a known field`);
  if (typeof b.routing_key !== "string" || b.routing_key.length !== 32)
    errors.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  else if (!keys.has(b.routing_key)) errors.push("Invalid routing key");
  if (!["trigger", "acknowledge", "resolve"].includes(b.event_action as string))
    errors.push("'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')");
  if (!str(b.dedup_key, 255, b.event_action !== "trigger"))
    errors.push("'dedup_key' is missing, not a string or longer than 255 characters");
  if (b.event_action === "trigger") {
    const p = b.payload;
    if (!isObj(p)) errors.push("'payload' is missing or not an object");
    else {
      if (!str(p.summary, 1024)) errors.push("'payload.summary' is missing or blank, or longer than 1024 characters");
      if (!str(p.source, 255)) errors.push("'payload.source' is missing or blank");
      if (!PD_SEVERITIES.includes(p.severity as string))
        errors.push("'payload.severity' is invalid (must be one of: critical, error, warning, info)");
      if (p.timestamp !== undefined && Number.isNaN(Date.parse(String(p.timestamp))))
        errors.push("'payload.timestamp' is not an ISO 8601 date");
      if (p.custom_details !== undefined && !isObj(p.custom_details)) errors.push("'payload.custom_details' is not an object");
    }
  }
  if (b.client !== undefined && typeof b.client !== "string") errors.push("'client' is not a string");
  return errors;
}

// ---- Opsgenie: POST /v2/alerts, POST /v2/alerts/{identifier}/close (https://docs.opsgenie.com/docs/alert-api)
function opsgenieCreateErrors(b: unknown): Record<string, string> {
  if (!isObj(b)) return { body: "Request body is not a JSON object." };
  const e: Record<string, string> = {};
  if (!str(b.message, 130)) e.message = "Message can not be empty and can be at most 130 characters.";
  if (!str(b.alias, 512, false)) e.alias = "Alias can be at most 512 characters.";
  if (!str(b.description, 15_000, false)) e.description = "Description can be at most 15000 characters.";
  if (!str(b.entity, 512, false)) e.entity = "Entity can be at most 512 characters.";
  if (!str(b.source, 100, false)) e.source = "Source can be at most 100 characters.";
  if (b.priority !== undefined && !["P1", "P2", "P3", "P4", "P5"].includes(b.priority as string))
    e.priority = "Priority should be one of [P1, P2, P3, P4, P5].";
  if (b.tags !== undefined && !(Array.isArray(b.tags) && b.tags.length <= 20 && b.tags.every((t) => str(t, 50))))
    e.tags = "Tags should be at most 20 strings of at most 50 characters.";
  if (b.details !== undefined && !(isObj(b.details) && Object.values(b.details).every((v) => typeof v === "string")))
    e.details = "Details should be a map of strings to strings.";
  return e;
}

// ---- Teams: a Workflows trigger URL; the flow posts the message's Adaptive Cards.
const CARD_ELEMENTS = ["TextBlock", "FactSet", "ColumnSet", "Container", "Image", "RichTextBlock", "ActionSet"];
function teamsError(b: unknown): string | null {
  if (!isObj(b) || b.type !== "message") return 'The request body must be a message: {"type": "message", "attachments": [...]}.';
  if (!Array.isArray(b.attachments) || b.attachments.length === 0) return "The message has no attachments.";
  for (const a of b.attachments) {
    if (!isObj(a) || a.contentType !== "application/vnd.microsoft.card.adaptive")
      return "An attachment's contentType is not application/vnd.microsoft.card.adaptive.";
    const c = a.content;
    if (!isObj(c) || c.type !== "AdaptiveCard" || typeof c.version !== "string" || !Array.isArray(c.body))
      return "An attachment is not an AdaptiveCard with a version and a body.";
    for (const el of c.body) {
      if (!isObj(el) || !CARD_ELEMENTS.includes(el.type as string))
        return `Unknown card element ${JSON.stringify(isObj(el) ? el.type : el)}.`;
      if (el.type === "TextBlock" && typeof el.text !== "string") return "A TextBlock has no text.";
      if (
        el.type === "FactSet" &&
        !(Array.isArray(el.facts) && el.facts.every((f) => isObj(f) && typeof f.title === "string" && typeof f.value === "string"))
      )
        return "A FactSet's facts are not {title, value} strings.";
    }
  }
  return null;
}

// ---- Discord: POST /api/webhooks/{id}/{token} (https://discord.com/developers/docs/resources/webhook#execute-webhook)
function discordErrors(b: unknown): Record<string, string> | "empty" {
  if (!isObj(b)) return { _: "Not a JSON object." };
  const e: Record<string, string> = {};
  if (!str(b.content, 2000, false)) e.content = "Must be 2000 or fewer in length.";
  if (!str(b.username, 80, false)) e.username = "Must be 80 or fewer in length.";
  const embeds = b.embeds ?? [];
  if (!Array.isArray(embeds) || embeds.length > 10) e.embeds = "Must be 10 or fewer in length.";
  else {
    let total = 0;
    embeds.forEach((em: unknown, i) => {
      if (!isObj(em)) return void (e[`embeds.${i}`] = "Not an object.");
      if (!str(em.title, 256, false)) e[`embeds.${i}.title`] = "Must be 256 or fewer in length.";
      if (!str(em.description, 4096, false)) e[`embeds.${i}.description`] = "Must be 4096 or fewer in length.";
      if (em.color !== undefined && !(Number.isInteger(em.color) && (em.color as number) >= 0 && (em.color as number) <= 0xffffff))
        e[`embeds.${i}.color`] = "Int value should be between 0 and 16777215.";
      if (em.timestamp !== undefined && Number.isNaN(Date.parse(String(em.timestamp))))
        e[`embeds.${i}.timestamp`] = "Could not interpret as an ISO8601 timestamp.";
      const fields = em.fields ?? [];
      if (!Array.isArray(fields) || fields.length > 25) e[`embeds.${i}.fields`] = "Must be 25 or fewer in length.";
      else
        fields.forEach((f: unknown, j) => {
          if (!isObj(f) || !str(f.name, 256) || !str(f.value, 1024))
            e[`embeds.${i}.fields.${j}`] = "name (1-256) and value (1-1024) are required.";
        });
      total += JSON.stringify([em.title, em.description, em.fields, isObj(em.footer) ? em.footer.text : ""]).length;
    });
    if (total > 6000) e.embeds = "Embed size exceeds maximum size of 6000.";
  }
  if (b.allowed_mentions !== undefined && !(isObj(b.allowed_mentions) && Array.isArray(b.allowed_mentions.parse)))
    e.allowed_mentions = "parse must be a list.";
  if (
    Object.keys(e).length === 0 &&
    !(typeof b.content === "string" && b.content.length > 0) &&
    (!Array.isArray(embeds) || embeds.length === 0)
  )
    return "empty";
  return e;
}

/** What each service says when it is failing or throttling. */
function failure(service: Service, status: number): Answer {
  const requestId = randomUUID();
  switch (service) {
    case "pagerduty":
      return status === 429
        ? {
            status,
            body: { status: "throttle event", message: "Requests for this service are arriving too quickly.  Please retry later." },
          }
        : { status, body: { status: "unrecognized error", message: "An error occurred processing the event." } };
    case "opsgenie":
      return { status, body: { message: status === 429 ? "Too many requests" : "Internal server error.", took: 0.001, requestId } };
    case "teams":
      return { status, body: { error: { code: "ServiceUnavailable", message: "The service is unavailable." } } };
    case "discord":
      return status === 429
        ? { status, body: { message: "You are being rate limited.", retry_after: 0.05, global: false } }
        : { status, body: { message: "Internal Server Error", code: 0 } };
  }
}

export async function startServicePeers(opts: {
  pagerdutyKeys: string[];
  opsgenieKeys: string[];
  /** The sig= of the Teams workflow URL /workflows/{id}/triggers/manual/paths/invoke?sig=… */
  teamsSignatures: string[];
  /** The {id}/{token} of Discord webhook URLs. */
  discordHooks: string[];
}): Promise<ServicePeers> {
  const requests: PeerRequest[] = [];
  const incidents: ServicePeers["incidents"] = new Map();
  const alerts: ServicePeers["alerts"] = new Map();
  const plans: Record<Service, number[]> = { pagerduty: [], opsgenie: [], teams: [], discord: [] };
  const down: ServicePeers["down"] = {};
  const pdKeys = new Set(opts.pagerdutyKeys);

  function answer(service: Service, req: http.IncomingMessage, url: URL, body: unknown): Answer {
    const planned = down[service] ?? plans[service].shift();
    if (planned !== undefined) return failure(service, planned);
    if (req.headers["content-type"]?.split(";")[0] !== "application/json")
      return { status: 415, body: { message: "Content-Type must be application/json" } };
    switch (service) {
      case "pagerduty": {
        const errors = pagerdutyErrors(body, pdKeys);
        if (errors.length > 0) return { status: 400, body: { status: "invalid event", message: "Event object is invalid", errors } };
        const b = body as { event_action: "trigger" | "acknowledge" | "resolve"; dedup_key?: string };
        const dedupKey = b.dedup_key ?? randomUUID().replaceAll("-", "");
        const state = b.event_action === "trigger" ? "triggered" : b.event_action === "resolve" ? "resolved" : "acknowledged";
        // PagerDuty ignores an acknowledge or resolve for an incident it does not have open.
        if (b.event_action === "trigger" || incidents.get(dedupKey) === "triggered") incidents.set(dedupKey, state);
        return { status: 202, body: { status: "success", message: "Event processed", dedup_key: dedupKey } };
      }
      case "opsgenie": {
        const requestId = randomUUID();
        const auth = /^GenieKey (.+)$/.exec(req.headers.authorization ?? "");
        if (!auth || !opts.opsgenieKeys.includes(auth[1]!))
          return { status: 401, body: { message: "Could not authenticate", took: 0.001, requestId } };
        const ok = { status: 202, body: { result: "Request will be processed", took: 0.002, requestId } };
        if (url.pathname === "/v2/alerts") {
          const errors = opsgenieCreateErrors(body);
          if (Object.keys(errors).length > 0)
            return {
              status: 422,
              body: { message: "Request body is not processable. Please check the errors.", errors, took: 0.001, requestId },
            };
          const alias = (body as { alias?: string }).alias ?? requestId;
          if (alerts.get(alias) !== "open") alerts.set(alias, "open");
          return ok;
        }
        const close = /^\/v2\/alerts\/([^/]+)\/close$/.exec(url.pathname);
        if (close) {
          if (url.searchParams.get("identifierType") !== "alias")
            return {
              status: 422,
              body: { message: "identifierType should be one of [id, tiny, alias]; this test closes by alias.", took: 0.001, requestId },
            };
          if (body !== "" && !(isObj(body) && str(body.note, 25_000, false) && str(body.source, 100, false)))
            return { status: 422, body: { message: "Request body is not processable. Please check the errors.", took: 0.001, requestId } };
          const alias = decodeURIComponent(close[1]!);
          // Processed after the 202 at Opsgenie: an alias it does not know is closed silently.
          if (alerts.has(alias)) alerts.set(alias, "closed");
          return ok;
        }
        return { status: 404, body: { message: "Could not find a matching route.", took: 0.001, requestId } };
      }
      case "teams": {
        if (!opts.teamsSignatures.includes(url.searchParams.get("sig") ?? ""))
          return {
            status: 401,
            body: {
              error: { code: "DirectApiAuthorizationRequired", message: "The request must be authenticated: the signature is not valid." },
            },
          };
        const problem = teamsError(body);
        if (problem) return { status: 400, body: { error: { code: "InvalidRequestContent", message: problem } } };
        return { status: 202 };
      }
      case "discord": {
        const hook = /^\/api\/webhooks\/(\d+\/[\w-]+)$/.exec(url.pathname);
        if (!hook || !opts.discordHooks.includes(hook[1]!)) return { status: 401, body: { message: "Invalid Webhook Token", code: 50027 } };
        const errors = discordErrors(body);
        if (errors === "empty") return { status: 400, body: { message: "Cannot send an empty message", code: 50006 } };
        if (Object.keys(errors).length > 0) return { status: 400, body: { message: "Invalid Form Body", code: 50035, errors } };
        return { status: 204 };
      }
    }
  }

  const serviceOf = (url: URL): Service | null =>
    url.pathname === "/v2/enqueue"
      ? "pagerduty"
      : url.pathname.startsWith("/v2/alerts")
        ? "opsgenie"
        : url.pathname.startsWith("/workflows/")
          ? "teams"
          : url.pathname.startsWith("/api/webhooks/")
            ? "discord"
            : null;

  const server = http.createServer((req, res) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://peer");
      const service = serviceOf(url);
      let body: unknown = data;
      try {
        body = data === "" ? "" : JSON.parse(data);
      } catch {
        // kept as text; every service refuses it below
      }
      const a: Answer =
        req.method !== "POST" || !service
          ? { status: 404, body: { message: "Not found" } }
          : typeof body === "string" && body !== ""
            ? { status: 400, body: { message: "The request body is not JSON." } }
            : answer(service, req, url, body);
      if (service) requests.push({ service, path: url.pathname + url.search, headers: req.headers, body, status: a.status });
      res
        .writeHead(a.status, a.body === undefined ? {} : { "content-type": "application/json" })
        .end(a.body === undefined ? undefined : JSON.stringify(a.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    incidents,
    alerts,
    failNext: (service, ...statuses) => plans[service].push(...statuses),
    down,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
