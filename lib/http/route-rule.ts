import type { z } from "zod";
import type { Role } from "@/lib/domain/roles";

/**
 * One /api/v1 route's rule, keyed "METHOD path" in the rule table (app/api/route-rules.ts): who may
 * call it, what it accepts, and how it is audited. route() enforces it.
 */
export interface RouteRule {
  /** Least role that may call the route; "public" only for signing in. */
  role: Role | "public";
  /** One line for the OpenAPI document. */
  summary: string;
  body?: z.ZodType;
  query?: z.ZodType;
  /**
   * Every route that changes something is audited: the action's name, and the body fields (dotted
   * paths to strings, numbers and booleans) worth recording. Only these are kept, so a secret in
   * the body never reaches the log.
   */
  audit?: { action: string; fields?: readonly string[] };
}

/** "POST /api/v1/clusters/[id]/backups" → its method and path. */
export function splitRouteKey(key: string): { method: string; path: string } {
  const space = key.indexOf(" ");
  return { method: key.slice(0, space), path: key.slice(space + 1) };
}
