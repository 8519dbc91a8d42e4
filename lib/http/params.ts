import { z } from "zod";
import { notFound } from "@/lib/errors/app-error";

/** A path id that is not a UUID names nothing: 404, not a database error. */
export function idParam(params: Record<string, string>, what: string, name = "id"): string {
  const parsed = z.uuid().safeParse(params[name]);
  if (!parsed.success) throw notFound(what);
  return parsed.data;
}
