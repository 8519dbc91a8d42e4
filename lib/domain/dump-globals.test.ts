import { describe, expect, it } from "vitest";
import { globalsWithoutTablespaces, withoutOwnSuperuserError } from "@/lib/domain/dump-globals";

const ROLES = `--
-- PostgreSQL database cluster dump
--

SET default_transaction_read_only = off;

--
-- Roles
--

CREATE ROLE postgres;
ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
CREATE ROLE app;
ALTER ROLE app WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
`;
const TRAILER = `
--
-- PostgreSQL database cluster dump complete
--

`;

describe("globalsWithoutTablespaces", () => {
  it("drops the tablespaces section and keeps the roles and the closing line", () => {
    const sql = `${ROLES}\n--\n-- Tablespaces\n--\n\nCREATE TABLESPACE fast OWNER postgres LOCATION '/srv/fast';\n${TRAILER}`;
    const out = globalsWithoutTablespaces(sql);
    expect(out).not.toMatch(/TABLESPACE/);
    expect(out).toContain("CREATE ROLE app;");
    expect(out).toMatch(/-- PostgreSQL database cluster dump complete/);
  });

  it("leaves globals without tablespaces as they are", () => {
    expect(globalsWithoutTablespaces(`${ROLES}${TRAILER}`)).toBe(`${ROLES}${TRAILER}`);
  });

  it("never keeps a tablespace whose name looks like the header", () => {
    const sql = `${ROLES}\n--\n-- Tablespaces\n--\n\nCREATE TABLESPACE "x\n--\n-- Tablespaces\n--\n" LOCATION '/srv/x';\n${TRAILER}`;
    expect(globalsWithoutTablespaces(sql)).not.toMatch(/LOCATION/);
  });
});

describe("withoutOwnSuperuserError", () => {
  it("drops only the instance's own superuser's CREATE ROLE failure", () => {
    const errors = {
      count: 2,
      messages: ['/tmp/globals.sql:14: ERROR:  role "postgres" already exists', '/tmp/globals.sql:20: ERROR:  role "app" already exists'],
    };
    expect(withoutOwnSuperuserError(errors, "postgres")).toEqual({
      count: 1,
      messages: ['/tmp/globals.sql:20: ERROR:  role "app" already exists'],
    });
  });
});
