import type pg from "pg";
import type { InstanceSpec } from "@/lib/pg/instance";
import { withConnection } from "@/lib/pg/with-connection";
import { testBinaries, testServerUser } from "@/test/harness/cluster";

/** The instance spec of a restored copy as its catalog row places it (the row's port, after any move). */
export async function copySpec(r: { dataDir: string; port: number }): Promise<InstanceSpec> {
  return { dataDir: r.dataDir, port: r.port, bins: testBinaries(), osUser: await testServerUser() };
}

/** Runs `fn` as the test cluster's superuser on a copy of it (same roles and passwords), over TCP. */
export async function onCopy<T>(port: number, password: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  return withConnection({ host: "127.0.0.1", port, user: "postgres", password, database: "postgres", connectionTimeoutMillis: 5000 }, fn);
}
