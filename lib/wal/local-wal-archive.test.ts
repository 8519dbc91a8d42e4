import { describe, expect, it } from "vitest";
import { localArchiveRestoreCommand } from "@/lib/wal/local-wal-archive";

describe("localArchiveRestoreCommand", () => {
  it("copies %f from the directory to %p, the directory quoted for /bin/sh and its % doubled", () => {
    expect(localArchiveRestoreCommand("/var/lib/wayback/restores/r1.wal-prefetch")).toBe(
      "cp /var/lib/wayback/restores/r1.wal-prefetch/%f %p",
    );
    expect(localArchiveRestoreCommand("/tmp/it's 100%")).toBe("cp '/tmp/it'\\''s 100%%'/%f %p");
  });
});
