import { describe, expect, it } from "vitest";
import { conninfoValue, dbnameArg, exactPattern, parseTableList, pgDumpArgs, tablePattern, type DumpChoice } from "@/lib/domain/dump-args";

const none = { includeSchemas: [], excludeSchemas: [], includeTables: [], excludeTables: [] };

describe("names as arguments", () => {
  it("quotes a database name as a conninfo value, so '=' or a URI is never parsed", () => {
    expect(conninfoValue("dæmø base")).toBe("'dæmø base'");
    expect(conninfoValue(String.raw`it's a\b`)).toBe(String.raw`'it\'s a\\b'`);
    expect(dbnameArg("host=evil dbname=x")).toBe("--dbname=dbname='host=evil dbname=x'");
    expect(dbnameArg("postgresql://evil/x")).toBe("--dbname=dbname='postgresql://evil/x'");
  });

  it("quotes schema and table names as exact patterns (quotes doubled, wildcards literal)", () => {
    expect(exactPattern('a "quoted" table')).toBe('"a ""quoted"" table"');
    expect(tablePattern({ schema: "my.schema", name: "log_*" })).toBe('"my.schema"."log_*"');
  });
});

describe("pgDumpArgs", () => {
  const base: DumpChoice = { format: "custom", jobs: 1, compressLevel: null, selection: none };

  it("custom by default, verbose for progress, no -j outside the directory format", () => {
    expect(pgDumpArgs(base)).toEqual(["--format=custom", "--verbose"]);
    expect(pgDumpArgs({ ...base, jobs: 4 })).toEqual(["--format=custom", "--verbose"]);
    expect(pgDumpArgs({ ...base, format: "directory", jobs: 2, compressLevel: 3 })).toEqual([
      "--format=directory",
      "--verbose",
      "--jobs=2",
      "--compress=3",
    ]);
  });

  it("never compresses a plain script", () => {
    expect(pgDumpArgs({ ...base, format: "plain", compressLevel: 6 })).toEqual(["--format=plain", "--verbose"]);
  });

  it("includes and excludes schemas and tables by exact name", () => {
    const args = pgDumpArgs({
      ...base,
      selection: {
        includeSchemas: ["my schema"],
        excludeSchemas: ["tmp"],
        includeTables: [{ schema: "s", name: 'x"y' }],
        excludeTables: [{ schema: "public", name: "big log" }],
      },
    });
    expect(args.slice(2)).toEqual([
      '--schema="my schema"',
      '--exclude-schema="tmp"',
      '--table="s"."x""y"',
      '--exclude-table="public"."big log"',
    ]);
  });
});

describe("parseTableList", () => {
  it("reads schema.table lines, quoted parts literally", () => {
    expect(parseTableList('public.t\n\n"my.schema"."a ""q"" table"\n s.t2 ')).toEqual({
      ok: true,
      tables: [
        { schema: "public", name: "t" },
        { schema: "my.schema", name: 'a "q" table' },
        { schema: "s", name: "t2" },
      ],
    });
  });

  it("refuses a line without a schema, and says which", () => {
    expect(parseTableList("public.t\nlonely")).toEqual({ ok: false, message: expect.stringMatching(/^Line 2: write schema\.table/) });
    expect(parseTableList('"unterminated.t')).toMatchObject({ ok: false });
  });
});
