import { describe, expect, it } from "vitest";
import { runProcess } from "@/lib/pg/run-process";
import { spawnStream } from "@/lib/pg/spawn-stream";

// runProcess() and spawnStream() share their failure messages: one runner, two ways to read output.
describe("programs that do not start", () => {
  it("say which program is missing", async () => {
    await expect(runProcess("/nonexistent/pg_dump", [])).rejects.toThrow(
      "pg_dump could not be started: /nonexistent/pg_dump was not found (is it installed and on PATH?)",
    );
    await expect(spawnStream("/nonexistent/pg_dump", []).exited).rejects.toThrow(
      "pg_dump could not be started: /nonexistent/pg_dump was not found (is it installed and on PATH?)",
    );
  });

  it("are not started when already aborted", async () => {
    const signal = AbortSignal.abort();
    await expect(runProcess("/bin/true", [], { signal })).rejects.toMatchObject({
      aborted: true,
      message: "true was not started: aborted",
    });
    expect(() => spawnStream("/bin/true", [], { signal })).toThrow("true was not started: aborted");
  });
});

describe("stderr", () => {
  it("keeps only a bounded tail of a chatty program's stderr", async () => {
    // 200 KiB of 'x' then a last line: the error carries the end, not the whole.
    const script = "head -c 204800 /dev/zero | tr '\\\\0' x >&2; echo; echo the-cause >&2; exit 3";
    const failure = (await spawnStream("/bin/sh", ["-c", script]).exited.catch((e: unknown) => e)) as { stderrTail: string; code: number };
    expect(failure.code).toBe(3);
    expect(failure.stderrTail.length).toBeLessThanOrEqual(64 * 1024);
    expect(failure.stderrTail).toContain("the-cause");
  });
});
