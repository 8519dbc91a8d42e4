// A superuser of a restored copy (it comes with the backup) must not reach the embedded catalog
// through the server's file functions: the copy runs as PostgreSQL's OS user, the catalog as an OS
// user of its own, and the embedded secrets and Redis belong to root (docs/decisions/0011).
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ensureSecretKeyFile } from "@/lib/embedded/state";
import { useCatalog } from "@/test/harness/catalog";
import { testServerUser, useTestCluster } from "@/test/harness/cluster";

const copy = useTestCluster();
const catalog = useCatalog();
const embedded = inject("embeddedDataDir");
const catalogDir = path.join(embedded, "catalog");

const lit = (s: string) => pg.escapeLiteral(s);
const deniedTo = (sql: string) => expect(copy().query(sql)).rejects.toThrow(/permission denied/i);

describe("a restored copy's superuser", () => {
  it("reads its own files (so a refusal below is about the catalog's)", async () => {
    const { rows } = await copy().query(`SELECT pg_read_file(${lit(path.join(copy().dataDir, "PG_VERSION"))}) AS v`);
    expect(rows[0].v.trim()).toMatch(/^\d+$/);
  });

  it("cannot read, list or write the catalog's data directory, socket directory or log", async () => {
    await deniedTo(`SELECT pg_read_binary_file(${lit(path.join(catalogDir, "PG_VERSION"))})`);
    await deniedTo(`SELECT pg_read_binary_file(${lit(path.join(catalogDir, "global", "pg_control"))})`);
    await deniedTo(`SELECT pg_ls_dir(${lit(catalogDir)})`);
    await deniedTo(`COPY (SELECT 1) TO ${lit(path.join(catalogDir, "postgresql.auto.conf.x"))}`);
    await deniedTo(`SELECT pg_ls_dir(${lit(`${catalogDir}.run`)})`);
    await deniedTo(`SELECT pg_read_file(${lit(`${catalogDir}.log`)})`);
  });

  it("cannot read the embedded state, the secret key or Redis's files", async () => {
    await ensureSecretKeyFile(embedded); // where npm start keeps it
    await deniedTo(`SELECT pg_read_file(${lit(path.join(embedded, "state.json"))})`);
    await deniedTo(`SELECT pg_read_file(${lit(path.join(embedded, "secret.key"))})`);
    await deniedTo(`SELECT pg_ls_dir(${lit(path.join(embedded, "redis"))})`);
    await deniedTo(`SELECT pg_read_file(${lit(path.join(embedded, "redis", "redis.conf"))})`);
  });
});

describe("the catalog", () => {
  it("runs as an OS user other than the copies', and serves the application", async () => {
    const servers = await testServerUser();
    const pid = (await readFile(path.join(catalogDir, "postmaster.pid"), "utf8")).split("\n")[0]!;
    const { uid } = await stat(`/proc/${pid}`);
    if (servers) expect(uid).not.toBe(servers.uid);
    expect((await stat(catalogDir)).uid).toBe(uid);
    expect(await catalog.db.user.count()).toBeGreaterThanOrEqual(0);
  });
});
