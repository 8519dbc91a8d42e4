import { text } from "node:stream/consumers";
import { expect, it } from "vitest";
import { spawnStream } from "@/lib/pg/spawn-stream";

it("hands over a program's whole output when the program ended before its reader began", async () => {
  // pg_dumpall --globals-only often ends before the repository has opened the file it fills.
  const proc = spawnStream("/bin/echo", ["CREATE ROLE reader;"]);
  await proc.exited;
  expect(await text(proc.stdout)).toBe("CREATE ROLE reader;\n");
});
