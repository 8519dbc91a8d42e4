import { setTimeout as sleep } from "node:timers/promises";
import { requestDrill } from "@/lib/drills/request-drill";
import { drillRequestInput } from "@/lib/domain/drill-input";
import type { BenchEnv } from "./lib/env";
import { ratio } from "./lib/measure";

export interface DrillFigures {
  status: string;
  totalMs: number;
  baseMs: number;
  replayMs: number;
  checkMs: number;
  /** Everything else: the restore point, waiting for the archive, cleaning up. */
  otherMs: number;
  /** The checks against the restore itself (base + replay): the issue wants this under 1. */
  checksToRestore: number;
}

/** A restore drill of the bench cluster (restore point target), split into its phases. */
export async function benchDrill(env: BenchEnv, clusterId: string, log: (m: string) => void): Promise<DrillFigures> {
  log("restore drill");
  const user = await env.db.user.upsert({
    where: { username: "bench" },
    create: { username: "bench", passwordHash: "x", role: "admin" },
    update: {},
  });
  const requested = await requestDrill(env.db, env.queue, { clusterId, input: drillRequestInput.parse({}), userId: user.id });
  for (;;) {
    const d = await env.db.drill.findUniqueOrThrow({ where: { id: requested.id } });
    if ((d.status === "passed" || d.status === "failed") && d.cleanedUpAt) {
      if (d.status === "failed") log(`the drill failed: ${d.error}`);
      const [total, base, replay, check] = [d.totalMs ?? 0, d.baseMs ?? 0, d.replayMs ?? 0, d.checkMs ?? 0];
      return {
        status: d.status,
        totalMs: total,
        baseMs: base,
        replayMs: replay,
        checkMs: check,
        otherMs: total - base - replay - check,
        checksToRestore: ratio(check, base + replay),
      };
    }
    await sleep(200);
  }
}
