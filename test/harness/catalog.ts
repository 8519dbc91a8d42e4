import { randomBytes } from "node:crypto";
import { afterAll, inject } from "vitest";
import { createDb, type Db } from "@/lib/db/client";

/** The run's catalog (see global-setup.ts), with a client closed after the file's tests. */
export function useCatalog(): { db: Db; databaseUrl: string; redisUrl: string; cli: { command: string; configFile: string } } {
  const databaseUrl = inject("databaseUrl");
  const db = createDb(databaseUrl);
  afterAll(() => db.$disconnect());
  return { db, databaseUrl, redisUrl: inject("redisUrl"), cli: { command: inject("cliCommand"), configFile: inject("cliConfig") } };
}

/** Names unique to one test, so test files can share the catalog. */
export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(4).toString("hex")}`;

export const testSecretKey = () => randomBytes(32);
