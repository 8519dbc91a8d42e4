import { describe, expect, it } from "vitest";
import { parsePgRestoreErrors, parsePsqlErrors } from "@/lib/domain/dump-restore-errors";

describe("parsePgRestoreErrors", () => {
  it("keeps each error with the command that failed, and pg_restore's own count", () => {
    const out = [
      'pg_restore: error: could not execute query: ERROR:  schema "my schema" already exists',
      'Command was: CREATE SCHEMA "my schema";',
      "",
      "",
      'pg_restore: error: COPY failed for table "t": ERROR:  duplicate key value violates unique constraint "t_pkey"',
      "DETAIL:  Key (id)=(1) already exists.",
      "pg_restore: warning: errors ignored on restore: 2",
    ].join("\n");
    expect(parsePgRestoreErrors(out)).toEqual({
      count: 2,
      messages: [
        'could not execute query: ERROR:  schema "my schema" already exists\nCommand was: CREATE SCHEMA "my schema";',
        'COPY failed for table "t": ERROR:  duplicate key value violates unique constraint "t_pkey"\nDETAIL:  Key (id)=(1) already exists.',
      ],
    });
  });

  it("is empty for a clean run", () => {
    expect(parsePgRestoreErrors("")).toEqual({ count: 0, messages: [] });
  });
});

describe("parsePsqlErrors", () => {
  it("keeps each ERROR with its detail lines", () => {
    const out = [
      'psql:/r/database.sql:42: ERROR:  role "app" does not exist',
      'psql:/r/database.sql:50: ERROR:  relation "t" already exists',
      "HINT:  something",
      "unrelated",
    ].join("\n");
    expect(parsePsqlErrors(out)).toEqual({
      count: 2,
      messages: [
        '/r/database.sql:42: ERROR:  role "app" does not exist',
        '/r/database.sql:50: ERROR:  relation "t" already exists\nHINT:  something',
      ],
    });
  });
});
