import { describe, expect, it } from "vitest";
import { recoveryStopReason, stoppedRecovery } from "@/lib/domain/recovery-stop";

const line = (level: string, text: string) => `2026-12-02 04:03:12.673 UTC [26339] ${level}:  ${text}`;

describe("recoveryStopReason", () => {
  it("names the WAL file the archive could not give, and wal-fetch's reason", () => {
    const log = [
      line("LOG", 'restored log file "000000010000000000000003" from archive'),
      "wayback: connect ECONNREFUSED 127.0.0.1:34363",
      line("FATAL", 'could not restore file "000000010000000000000004" from archive: child process exited with exit code 255'),
      line("LOG", "startup process (PID 26339) exited with exit code 1"),
    ].join("\n");
    expect(recoveryStopReason(log)).toBe(
      "PostgreSQL stopped recovery, not promoted: WAL file 000000010000000000000004 could not be read from the archive (connect ECONNREFUSED 127.0.0.1:34363). " +
        "Check that the catalog and the repository are reachable from this host, then restore again.",
    );
  });

  it("says so when the archive ends before the target", () => {
    expect(recoveryStopReason(line("FATAL", "recovery ended before configured recovery target was reached"))).toMatch(
      /archived WAL ends before the recovery target/,
    );
  });

  it("otherwise leads with the server's own fatal message", () => {
    expect(recoveryStopReason([line("LOG", "x"), line("FATAL", 'could not open file "base/1/2": Permission denied')].join("\n"))).toBe(
      'PostgreSQL stopped during recovery: could not open file "base/1/2": Permission denied',
    );
    expect(recoveryStopReason("")).toBe("PostgreSQL stopped during recovery");
  });
});

describe("stoppedRecovery", () => {
  it("is true for the stops PostgreSQL makes on purpose, false for other failures", () => {
    expect(
      stoppedRecovery(
        line("FATAL", 'could not restore file "000000010000000000000004" from archive: child process exited with exit code 255'),
      ),
    ).toBe(true);
    expect(stoppedRecovery(line("FATAL", "recovery ended before configured recovery target was reached"))).toBe(true);
    expect(stoppedRecovery(line("FATAL", 'could not open file "base/1/2": Permission denied'))).toBe(false);
    expect(stoppedRecovery(line("FATAL", "could not create lock file: Address already in use"))).toBe(false);
  });
});
