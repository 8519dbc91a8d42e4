import type { z } from "zod";
import { StoredRowError, type StoredRowPlace } from "@/lib/errors/stored-row-error";

/**
 * Reads a JSON column of a catalog row through the zod schema of what it holds. Prisma types
 * every JSON column as any JSON at all, and a row written by an older version may hold another
 * shape: reading it here fails with the row and the problem named, never later in a page.
 */
export function readJsonColumn<S extends z.ZodType>(schema: S, value: unknown, place: StoredRowPlace): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new StoredRowError(
    place,
    parsed.error.issues.map((i) => (i.path.length > 0 ? `${i.path.join(".")}: ${i.message}` : i.message)),
  );
}
