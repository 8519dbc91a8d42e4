import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generatedPasswordFile, readGeneratedPassword } from "@/lib/auth/generated-password";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { createSession, resolveSession } from "@/lib/auth/session";
import { createDb } from "@/lib/db/client";
import { ensureCatalog } from "@/lib/embedded/catalog";
import { loadOrCreateState } from "@/lib/embedded/state";
import { isRunning, stopInstance } from "@/lib/pg/instance";
import { runProcess } from "@/lib/pg/run-process";
import { testCatalogUser, useCatalog, uniqueName } from "@/test/harness/catalog";
import { testBinaries } from "@/test/harness/cluster";

const root = path.resolve(import.meta.dirname, "../..");
const cat = useCatalog();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function dataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-data-"));
  await fs.chmod(dir, 0o755); // the catalog's server user must reach its data directory
  dirs.push(dir);
  return dir;
}

/** `npm run admin:reset-password [user]`, with only the environment we give it. */
function resetPasswordCommand(args: string[], env: Record<string, string>) {
  return runProcess(process.execPath, ["--import", "tsx", path.join(root, "scripts", "reset-password.ts"), ...args], {
    cwd: root,
    env,
    timeoutMs: 120_000,
  });
}

describe("npm run admin:reset-password", () => {
  it("gives the user a new password, ends their sessions, prints it and keeps it in a 0600 file", async () => {
    const dir = await dataDir();
    const username = uniqueName("alice");
    const user = await cat.db.user.create({ data: { username, passwordHash: await hashPassword("old Passw0rd!"), role: "operator" } });
    const { token } = await createSession(cat.db, user.id, 1);

    const { stdout } = await resetPasswordCommand([username], { DATABASE_URL: cat.databaseUrl, WAYBACK_DATA_DIR: dir });

    const saved = await readGeneratedPassword(dir);
    expect(saved?.username).toBe(username);
    expect(stdout).toContain(`New password for ${username}: ${saved!.password}`);
    expect((await fs.stat(generatedPasswordFile(dir))).mode & 0o777).toBe(0o600);
    const after = await cat.db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(await verifyPassword(after.passwordHash, saved!.password)).toBe(true);
    expect(await resolveSession(cat.db, token)).toBeNull();
  });

  it("names the users there are when the one asked for does not exist", async () => {
    const dir = await dataDir();
    const err = await resetPasswordCommand(["nobody-here"], { DATABASE_URL: cat.databaseUrl, WAYBACK_DATA_DIR: dir }).catch(
      (e: Error) => e,
    );
    expect(String(err)).toMatch(/There is no user named "nobody-here" \(users: .+\)/);
    expect(await readGeneratedPassword(dir)).toBeNull();
  });

  it("starts a stopped embedded catalog for the change, and stops it again", async () => {
    const dir = await dataDir();
    const bins = testBinaries();
    const osUser = await testCatalogUser();
    const state = await loadOrCreateState(dir);
    const catalog = await ensureCatalog({ dataDir: dir, ...state.catalog, bins, osUser });
    const db = createDb(catalog.databaseUrl);
    await db.user.create({ data: { username: "admin", passwordHash: await hashPassword("forgotten Passw0rd"), role: "admin" } });
    await db.$disconnect();
    await stopInstance(catalog.instance.spec);

    const { stdout } = await resetPasswordCommand([], { WAYBACK_DATA_DIR: dir });
    const saved = await readGeneratedPassword(dir);
    expect(saved?.username).toBe("admin");
    expect(stdout).toContain(saved!.password);
    expect(await isRunning(catalog.instance.spec)).toBe(false);

    // The new password is the one in the catalog.
    await ensureCatalog({ dataDir: dir, ...state.catalog, bins, osUser });
    const check = createDb(catalog.databaseUrl);
    try {
      const admin = await check.user.findUniqueOrThrow({ where: { username: "admin" } });
      expect(await verifyPassword(admin.passwordHash, saved!.password)).toBe(true);
    } finally {
      await check.$disconnect();
      await stopInstance(catalog.instance.spec, "immediate");
    }
  });
});
