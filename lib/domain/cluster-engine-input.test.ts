import { describe, expect, it } from "vitest";
import { clusterCreateInput, clusterUpdateInput, engineIssues } from "./cluster-input";
import { stanzaImportInput } from "./stanza-import-input";

const base = { name: "orders", host: "db1.example.com", username: "wayback" };

describe("a cluster's engine", () => {
  it("is Wayback's own unless chosen, and pgbackrest when asked", () => {
    expect(clusterCreateInput.parse(base).engine).toBe("wayback");
    expect(clusterCreateInput.parse({ ...base, engine: "pgbackrest" }).engine).toBe("pgbackrest");
    expect(clusterUpdateInput.parse({}).engine).toBeUndefined();
  });

  it("refuses an engine it does not know, saying which exist", () => {
    expect(clusterCreateInput.safeParse({ ...base, engine: "barman" }).error?.issues[0]?.message).toBe(
      "Choose the wayback or pgbackrest engine.",
    );
  });

  it("asks a pgBackRest cluster for its data directory and archive_command archiving", () => {
    expect(engineIssues({ engine: "pgbackrest", walMode: "streaming", localDataDir: null })).toEqual([
      { path: ["walMode"], message: expect.stringMatching(/archive-push/) },
      { path: ["localDataDir"], message: expect.stringMatching(/data directory/) },
    ]);
    expect(engineIssues({ engine: "pgbackrest", walMode: "archive_command", localDataDir: "/var/lib/postgresql/16/main" })).toEqual([]);
    expect(engineIssues({ engine: "wayback", walMode: "streaming" })).toEqual([]);
  });
});

describe("importing a stanza", () => {
  const ok = { configPath: "/etc/pgbackrest/pgbackrest.conf", stanzaName: "main" };

  it("takes an absolute config path and a stanza name", () => {
    expect(stanzaImportInput.parse({ configPath: " /etc/pgbackrest/pgbackrest.conf ", stanzaName: "main" })).toEqual(ok);
  });

  it("refuses a path a shell would read, a relative path and '..', with what to write instead", () => {
    for (const configPath of ["/etc/pg backrest.conf", "/etc/$(id).conf", "etc/pgbackrest.conf", "/etc/../root/x.conf"]) {
      expect(stanzaImportInput.safeParse({ ...ok, configPath }).error?.issues[0]?.message).toMatch(/absolute path of letters/);
    }
  });

  it("refuses a stanza name pgBackRest would not accept", () => {
    expect(stanzaImportInput.safeParse({ ...ok, stanzaName: "main;rm" }).error?.issues[0]?.message).toMatch(/letters, digits/);
    expect(stanzaImportInput.safeParse({ ...ok, stanzaName: "" }).error?.issues[0]?.message).toMatch(/Enter the stanza's name/);
  });
});
