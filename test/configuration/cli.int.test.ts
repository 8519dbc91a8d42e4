// `wayback config` as an operator runs it: a real process talking HTTP to the API's route
// handlers (served on loopback by this test), with an admin API token from a 0600 file and secrets
// from its own environment and files.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmod, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as configurationApi from "@/app/api/v1/configuration/route";
import * as planApi from "@/app/api/v1/configuration/plan/route";
import * as applyApi from "@/app/api/v1/configuration/apply/route";
import { createApiToken } from "@/lib/auth/create-api-token";
import { parseConfig } from "@/lib/config";
import { useCatalog } from "@/test/harness/catalog";
import { useWeb } from "@/test/harness/web";
import { workerEnv } from "@/test/harness/worker";

const cat = useCatalog();
const serverEnv = workerEnv(cat, randomBytes(32).toString("hex"));
const config = parseConfig(serverEnv);
useWeb(cat, () => config); // sets up the app context the handlers use
const HANDLERS: Record<string, (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>> = {
  "GET /api/v1/configuration": configurationApi.GET,
  "POST /api/v1/configuration/plan": planApi.POST,
  "POST /api/v1/configuration/apply": applyApi.POST,
};

let server: Server;
let url = "";
const dir = await mkdtemp(path.join(os.tmpdir(), "wayback-config-cli-"));
const tokenFile = path.join(dir, "token");

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const handler = HANDLERS[`${req.method} ${req.url}`];
      if (!handler) return void res.writeHead(404).end();
      const body = chunks.length ? Buffer.concat(chunks) : undefined;
      const r = await handler(new NextRequest(new URL(req.url!, url), { method: req.method, headers: req.headers as HeadersInit, body }), {
        params: Promise.resolve({}),
      });
      res.writeHead(r.status, Object.fromEntries(r.headers)).end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const user = await cat.db.user.create({
    data: { username: `cli-${randomBytes(3).toString("hex")}`, passwordHash: "unused", role: "admin" },
  });
  const { secret } = await createApiToken(cat.db, {
    input: { name: "config-cli", userId: user.id, role: "admin", expiresInDays: null },
    createdById: user.id,
  });
  await writeFile(tokenFile, `${secret}\n`, { mode: 0o600 });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ["--import", "tsx", "bin/wayback.ts", "config", ...args],
      { env: { ...serverEnv, WAYBACK_URL: url, WAYBACK_TOKEN_FILE: tokenFile, ...env } },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe("wayback-config", () => {
  it("applies a document with secrets from the environment and a file, shows the diff first, then exports it back", async () => {
    const hookFile = path.join(dir, "hook");
    await writeFile(hookFile, "https://hooks.example.com/T1/xyz\n", { mode: 0o600 });
    const doc = path.join(dir, "wayback.yaml");
    await writeFile(
      doc,
      [
        "version: 1",
        "repositories:",
        `  - { name: main, kind: posix, path: ${dir} }`,
        "clusters:",
        "  - { name: prod, host: db1.example.com, username: wayback, repository: main, password: { env: PROD_PW } }",
        "channels:",
        `  - { name: ops, kind: webhook, format: slack, secret: { file: ${hookFile} } }`,
      ].join("\n"),
    );
    const dry = await cli(["apply", "--dry-run", doc], { PROD_PW: "pw-from-env" });
    expect(dry, dry.stderr).toMatchObject({ code: 0, stdout: '+ repository "main"\n+ cluster "prod"\n+ channel "ops"\n' });
    expect(await cat.db.cluster.count()).toBe(0);

    const run = await cli(["apply", doc], { PROD_PW: "pw-from-env" });
    expect(run.stdout, run.stderr).toBe('+ repository "main"\n+ cluster "prod"\n+ channel "ops"\napplied 3 change(s)\n');
    expect((await cat.db.cluster.findUniqueOrThrow({ where: { name: "prod" } })).passwordEncrypted).not.toBeNull();
    expect((await cli(["apply", doc])).stdout).toBe("no changes\n");

    const out = path.join(dir, "exported.yaml");
    expect((await cli(["export", out])).code).toBe(0);
    const exported = parse(await readFile(out, "utf8"));
    expect(exported.clusters[0]).toMatchObject({ name: "prod", repository: "main", password: { env: "WAYBACK_CLUSTER_PROD_PASSWORD" } });
    expect(exported.channels[0]).toMatchObject({ name: "ops", format: "slack", secret: { env: "WAYBACK_CHANNEL_OPS_SECRET" } });
    expect((await cli(["apply", out])).stdout).toBe("no changes\n");
  });

  it("says what the server refused, and refuses a token file others can read", async () => {
    const doc = path.join(dir, "inline.yaml");
    await writeFile(doc, "version: 1\nclusters:\n  - { name: x, repository: main, host: h, username: u, password: hunter2 }\n");
    const refused = await cli(["apply", doc]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("clusters[0].password: a secret is written inline");
    await chmod(tokenFile, 0o644);
    const open = await cli(["export"]);
    await chmod(tokenFile, 0o600);
    expect(open).toMatchObject({ code: 1, stderr: `wayback: ${tokenFile} can be read by others: chmod 0600 it.\n` });
  });
});
