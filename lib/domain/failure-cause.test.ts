import { describe, expect, it } from "vitest";
import { describeProgramFailure, failureCause } from "@/lib/domain/failure-cause";

// Real outputs of PostgreSQL 15's tools (captured on this machine).
const BASEBACKUP_SERVER_STOPPED = `pg_basebackup: initiating base backup, waiting for checkpoint to complete
pg_basebackup: checkpoint completed
pg_basebackup: write-ahead log start point: 0/6000028 on timeline 1
pg_basebackup: starting background WAL receiver
pg_basebackup: created temporary replication slot "pg_basebackup_9378"
73918/99701 kB (74%), 0/1 tablespace (/var/tmp/pcx/bk/base.tar.zst       )
90543/99701 kB (90%), 0/1 tablespace (/var/tmp/pcx/bk/base.tar.zst       )
90543/99701 kB (100%), 1/1 tablespace                                         
pg_basebackup: error: backup failed: FATAL:  terminating connection due to administrator command
pg_basebackup: removing data directory "/var/tmp/pcx/bk"
`;

const DUMP_PERMISSION = `pg_dump: error: query failed: ERROR:  permission denied for table pgbench_history
pg_dump: detail: Query was: LOCK TABLE public.pgbench_history IN ACCESS SHARE MODE
`;

const DUMP_NO_SERVER = `pg_dump: error: connection to server at "127.0.0.1", port 55999 failed: Connection refused
\tIs the server running on that host and accepting TCP/IP connections?
`;

const RESTORE_EXISTS = `pg_restore: error: could not execute query: ERROR:  relation "pgbench_accounts" already exists
Command was: CREATE TABLE public.pgbench_accounts (
    aid integer NOT NULL,
    bid integer,
    abalance integer,
    filler character(84)
)
WITH (fillfactor='100');


pg_restore: error: could not execute query: ERROR:  relation "pgbench_branches" already exists
Command was: CREATE TABLE public.pgbench_branches (
    bid integer NOT NULL,
    bbalance integer,
    filler character(88)
)
WITH (fillfactor='100');


pg_restore: warning: errors ignored on restore: 2
`;

describe("failureCause", () => {
  it("picks the server's FATAL line out of pg_basebackup's progress", () => {
    expect(failureCause(BASEBACKUP_SERVER_STOPPED)).toBe("backup failed: FATAL:  terminating connection due to administrator command");
  });

  it("picks pg_dump's ERROR line, not the detail after it", () => {
    expect(failureCause(DUMP_PERMISSION)).toBe("query failed: ERROR:  permission denied for table pgbench_history");
  });

  it("picks the tool's error line when the server said nothing", () => {
    expect(failureCause(DUMP_NO_SERVER)).toBe('connection to server at "127.0.0.1", port 55999 failed: Connection refused');
  });

  it("picks the first of pg_restore's errors, where the cascade started", () => {
    expect(failureCause(RESTORE_EXISTS)).toBe('could not execute query: ERROR:  relation "pgbench_accounts" already exists');
  });

  it("prefers the most severe level wherever it is", () => {
    expect(
      failureCause("x: error: query failed: ERROR:  canceling statement\nx: error: FATAL:  the database system is shutting down\n"),
    ).toBe("FATAL:  the database system is shutting down");
    expect(failureCause("LOG: fine\nPANIC:  could not write to file\nFATAL:  other\n")).toBe("PANIC:  could not write to file");
  });

  it("else takes the last line that is not progress, with \\r-separated progress too", () => {
    expect(failureCause('pg_ctl: directory "/nonexistent" does not exist\n')).toBe('pg_ctl: directory "/nonexistent" does not exist');
    expect(failureCause("starting\r1/10 kB (10%), 0/1 tablespace\r5/10 kB (50%), 0/1 tablespace\r\n")).toBe("starting");
  });

  it("is null for no output or progress only", () => {
    expect(failureCause("")).toBeNull();
    expect(failureCause("  \n10/20 kB (50%), 0/1 tablespace\n")).toBeNull();
  });
});

describe("describeProgramFailure", () => {
  it("leads with the cause, then the tail, then the exit status", () => {
    expect(
      describeProgramFailure({
        program: "pg_dump",
        status: "exit code 1",
        cause: "query failed: ERROR:  x",
        tail: "pg_dump: error: query failed: ERROR:  x\npg_dump: detail: y",
      }),
    ).toBe("pg_dump failed: query failed: ERROR:  x\npg_dump: error: query failed: ERROR:  x\npg_dump: detail: y\n(exit code 1)");
  });

  it("says the exit status when there is no cause", () => {
    expect(describeProgramFailure({ program: "node", status: "ended by SIGKILL", cause: null, tail: "" })).toBe(
      "node failed: ended by SIGKILL",
    );
  });
});
