import type { Db } from "@/lib/db/client";

// A job's log is what it said in plain words (phases, tool messages): enough to read why a job
// failed on its page, bounded so a chatty tool cannot grow a catalog row without limit.
const MAX_LOG_CHARS = 16_000;

/** Appends one line to the running job's log; phases of a job take it to say what they did. */
export type JobLog = (line: string) => Promise<void>;

export async function appendJobLog(db: Db, jobId: string, line: string, now = new Date()): Promise<void> {
  const entry = `${now.toISOString()} ${line.replace(/\s+$/, "")}\n`;
  await db.$executeRaw`
    UPDATE jobs SET log = right(coalesce(log, '') || ${entry}, ${MAX_LOG_CHARS}), updated_at = now() WHERE id = ${jobId}::uuid`;
}
