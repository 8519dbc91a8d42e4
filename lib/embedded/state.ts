import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { freePort } from "@/lib/pg/free-port";

/**
 * What the embedded default keeps between runs, in <dataDir>/state.json (0600): the ports it
 * chose and the passwords of the services it owns. A second `npm start` reuses them.
 */
export interface EmbeddedState {
  catalog: { port: number; password: string };
  redis: { port: number; password: string };
  demo: { port: number; password: string };
}

const secret = () => randomBytes(24).toString("base64url");

export async function loadOrCreateState(dataDir: string): Promise<EmbeddedState> {
  const file = path.join(dataDir, "state.json");
  try {
    return JSON.parse(await fs.readFile(file, "utf8")) as EmbeddedState;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
  }
  const state: EmbeddedState = {
    catalog: { port: await freePort(), password: secret() },
    redis: { port: await freePort(), password: secret() },
    demo: { port: await freePort(), password: secret() },
  };
  await writePrivateFile(file, JSON.stringify(state, null, 2));
  return state;
}

/** The secret key for data at rest: generated once into <dataDir>/secret.key when not given. */
export async function ensureSecretKeyFile(dataDir: string): Promise<string> {
  const file = path.join(dataDir, "secret.key");
  try {
    await fs.access(file);
  } catch {
    await writePrivateFile(file, randomBytes(32).toString("hex") + "\n");
  }
  return file;
}

export async function writePrivateFile(file: string, content: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o755 });
  // Written to a temp name and renamed, so a crash never leaves half a file behind.
  const tmp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(tmp, content, { mode: 0o600 });
  await fs.rename(tmp, file);
}
