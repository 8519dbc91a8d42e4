// `npm run admin:rotate-secret-key` as an operator runs it, against a real catalog: data keys are
// wrapped again and no stored object is rewritten; a wrong previous key changes nothing.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createRepository } from "@/lib/repositories/create-repository";
import { applyRepositoryEncryption } from "@/lib/storage/encrypted";
import { createPosixRepository } from "@/lib/storage/posix";
import { uniqueName, useCatalog } from "@/test/harness/catalog";
import { workerEnv } from "@/test/harness/worker";

const cat = useCatalog();
const root = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => fs.rm(d, { recursive: true, force: true }))));

function rotate(previous: Buffer, next: Buffer) {
  return promisify(execFile)(process.execPath, ["--import", "tsx", path.join(root, "scripts/rotate-secret-key.ts")], {
    cwd: root,
    // A worker's environment (the catalog, the new key), and the previous key given once for the command.
    env: { ...workerEnv(cat, next.toString("hex")), WAYBACK_PREVIOUS_SECRET_KEY: previous.toString("base64") },
  }).then(
    ({ stdout }) => ({ code: 0, stdout, stderr: "" }),
    (err: { code: number; stdout: string; stderr: string }) => err,
  );
}

describe("npm run admin:rotate-secret-key", () => {
  it("re-wraps every data key (objects untouched, readable with the new key only) and records it in the audit log", async () => {
    const [oldKey, newKey] = [randomBytes(32), randomBytes(32)];
    const repos = [];
    for (const passphrase of [undefined, "correct horse battery staple"]) {
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), "wayback-rotate-"));
      dirs.push(dir);
      const row = await createRepository(cat.db, {
        input: { name: uniqueName("rot"), kind: "posix", path: dir, encrypt: true, passphrase },
        allowedRoots: [os.tmpdir()],
        secretKey: oldKey,
      });
      const open = (key: Buffer, r = row) => applyRepositoryEncryption(r, createPosixRepository(dir), { secretKey: key, scratchDir: dir });
      await open(oldKey).put("c/backup/b1/base.tar", Buffer.from(`backup of ${row.name}`));
      const file = path.join(dir, "c/backup/b1/base.tar");
      repos.push({ row, open, file, before: await fs.readFile(file), stat: await fs.stat(file) });
    }

    const refused = await rotate(randomBytes(32), newKey);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the previous key does not open the .* of ".*"\. Nothing was changed\./);

    const done = await rotate(oldKey, newKey);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain("1 repository data key\n");
    expect(done.stdout).toContain("1 repository passphrase\n");
    for (const { row, open, file, before, stat } of repos) {
      const rotated = await cat.db.repository.findUniqueOrThrow({ where: { id: row.id } });
      expect((await buffer(await open(newKey, rotated).get("c/backup/b1/base.tar"))).toString()).toBe(`backup of ${row.name}`);
      expect(() => open(oldKey, rotated)).toThrow(/WAYBACK_SECRET_KEY is not the key/);
      expect((await fs.readFile(file)).equals(before)).toBe(true);
      expect((await fs.stat(file)).mtimeMs).toBe(stat.mtimeMs); // not rewritten, not even with the same bytes
    }
    const audit = await cat.db.auditEvent.findFirstOrThrow({ where: { action: "secret_key.rotate" } });
    expect(audit).toMatchObject({
      outcome: "ok",
      details: expect.objectContaining({ "repository data key": 1, "repository passphrase": 1 }),
    });
    await cat.db.repository.deleteMany({ where: { id: { in: repos.map((r) => r.row.id) } } });
  });
});
