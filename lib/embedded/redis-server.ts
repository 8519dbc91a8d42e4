import fs from "node:fs/promises";
import path from "node:path";
import { Redis } from "ioredis";
import { writePrivateFile } from "@/lib/embedded/state";
import { runProcess } from "@/lib/pg/run-process";

export interface RedisServerSpec {
  dir: string;
  port: number;
  password: string;
}

export const redisUrl = (s: RedisServerSpec) => `redis://:${encodeURIComponent(s.password)}@127.0.0.1:${s.port}`;

/**
 * A project-local Redis: AOF on so queued jobs survive a restart, noeviction so BullMQ's keys are
 * never dropped (BullMQ's production guide). The password goes in a 0600 config file, not argv.
 */
export async function startRedisServer(spec: RedisServerSpec): Promise<void> {
  if (await ping(spec)) return;
  await fs.mkdir(spec.dir, { recursive: true, mode: 0o700 });
  const conf = path.join(spec.dir, "redis.conf");
  await writePrivateFile(
    conf,
    [
      `bind 127.0.0.1`,
      `port ${spec.port}`,
      `dir ${spec.dir}`,
      `appendonly yes`,
      `maxmemory-policy noeviction`,
      `daemonize yes`,
      `pidfile ${path.join(spec.dir, "redis.pid")}`,
      `logfile ${path.join(spec.dir, "redis.log")}`,
      `requirepass ${spec.password}`,
      "",
    ].join("\n"),
  );
  // runProcess ends whatever is left in a program's process group when the program exits, and
  // redis-server's daemonizing fork can still be in that group then: started through setsid,
  // Redis gets a session (and group) of its own, and --wait returns once it has daemonized.
  await runProcess("setsid", ["--wait", "redis-server", conf], { timeoutMs: 30_000 });
  for (let i = 0; i < 100; i++) {
    if (await ping(spec)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  const log = await fs.readFile(path.join(spec.dir, "redis.log"), "utf8").catch(() => "");
  throw new Error(`Redis did not start on port ${spec.port}. Last log lines:\n${log.split("\n").slice(-15).join("\n")}`);
}

export async function stopRedisServer(spec: RedisServerSpec): Promise<void> {
  const client = probe(spec);
  try {
    await client.connect();
  } catch {
    return; // not running
  }
  // SHUTDOWN closes the connection as its answer; ioredis reports that as an error.
  await client.shutdown("SAVE").catch(() => undefined);
  client.disconnect();
}

// A one-shot connection: no retries, and connection errors answered by the caller, not logged.
function probe(spec: RedisServerSpec): Redis {
  const client = new Redis(redisUrl(spec), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  return client;
}

async function ping(spec: RedisServerSpec): Promise<boolean> {
  const client = probe(spec);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
