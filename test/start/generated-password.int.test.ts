import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { changeOwnPassword } from "@/lib/auth/change-own-password";
import { generatedPasswordFile, readGeneratedPassword, saveGeneratedPassword } from "@/lib/auth/generated-password";
import { hashPassword } from "@/lib/auth/password";
import { useCatalog, uniqueName } from "@/test/harness/catalog";

const cat = useCatalog();
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await fs.rm(d, { recursive: true, force: true });
});

async function userWithGeneratedPassword() {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-data-"));
  dirs.push(dataDir);
  const username = uniqueName("admin");
  const password = "generated-Passw0rd";
  const user = await cat.db.user.create({ data: { username, passwordHash: await hashPassword(password), role: "admin" } });
  await saveGeneratedPassword(dataDir, { username, password });
  return { dataDir, user, password };
}

describe("the generated admin password file", () => {
  it("is private to its owner and names the user", async () => {
    const { dataDir, user, password } = await userWithGeneratedPassword();
    expect((await fs.stat(generatedPasswordFile(dataDir))).mode & 0o777).toBe(0o600);
    expect(await readGeneratedPassword(dataDir)).toEqual({ username: user.username, password });
  });

  it("is removed when that user changes their password", async () => {
    const { dataDir, user, password } = await userWithGeneratedPassword();
    await changeOwnPassword(cat.db, {
      userId: user.id,
      currentPassword: password,
      newPassword: "my own Passw0rd!",
      sessionHours: 1,
      dataDir,
    });
    await expect(fs.access(generatedPasswordFile(dataDir))).rejects.toThrow(/ENOENT/);
  });

  it("stays when another user changes theirs", async () => {
    const { dataDir } = await userWithGeneratedPassword();
    const other = await userWithGeneratedPassword();
    await changeOwnPassword(cat.db, {
      userId: other.user.id,
      currentPassword: other.password,
      newPassword: "my own Passw0rd!",
      sessionHours: 1,
      dataDir,
    });
    expect(await readGeneratedPassword(dataDir)).not.toBeNull();
  });
});
