import { describe, expect, it } from "vitest";
import {
  CLUSTER_FORM_DEFAULTS,
  clusterFormSchema,
  toCreateBody,
  toUpdateBody,
  type ClusterFormInput,
} from "@/components/clusters/cluster-form-schema";
import { engineIssues } from "@/lib/domain/cluster-input";

const REPO = "0b9a3f5e-6a43-4d57-9a39-1c2f0d6f4a11";
const values = (over: Partial<ClusterFormInput> = {}) =>
  clusterFormSchema.parse({ ...CLUSTER_FORM_DEFAULTS, name: "billing-prod", host: "db1", username: "wayback", repositoryId: "", ...over });

describe("cluster form bodies", () => {
  it("sends no password, no repository and no rate limit when those fields are empty", () => {
    const body = toCreateBody(values());
    expect(body).not.toHaveProperty("password");
    expect(body).not.toHaveProperty("repositoryId");
    expect(body).not.toHaveProperty("removePassword");
    expect(body.backupMaxRateKb).toBeNull();
  });

  it("sends the password, the chosen repository and the rate limit when given", () => {
    const body = toCreateBody(values({ password: "s3cret", repositoryId: REPO, backupMaxRateKb: "2048" }));
    expect(body).toMatchObject({ password: "s3cret", repositoryId: REPO, backupMaxRateKb: 2048 });
  });

  it("keeps the saved password on an edit with an empty field, and removes it when asked", () => {
    expect(toUpdateBody(values())).not.toHaveProperty("password");
    expect(toUpdateBody(values({ password: "new" })).password).toBe("new");
    expect(toUpdateBody(values({ password: "ignored", removePassword: true })).password).toBeNull();
  });

  it("refuses a repository that is neither empty nor an id", () => {
    const parsed = clusterFormSchema.safeParse({ ...CLUSTER_FORM_DEFAULTS, name: "a", host: "h", username: "u", repositoryId: "nope" });
    expect(parsed.success).toBe(false);
  });

  it("sends the other hosts box as a list, one host:port a line, and puts a bad line's complaint under the box", () => {
    expect(toCreateBody(values({ otherHosts: "db2:5432\n\n  db3:5433  \n", backupFrom: "standby" }))).toMatchObject({
      otherHosts: ["db2:5432", "db3:5433"],
      backupFrom: "standby",
    });
    const parsed = clusterFormSchema.safeParse({
      ...CLUSTER_FORM_DEFAULTS,
      name: "a",
      host: "h",
      username: "u",
      repositoryId: "",
      otherHosts: "db2",
    });
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([
      ["otherHosts", "Write each other host as host:port (db2.example.com:5432, or [fd00::2]:5432 for IPv6)."],
    ]);
  });

  it("asks a pgBackRest cluster for its data directory and archive_command archiving, in the server's words", () => {
    const parsed = clusterFormSchema.safeParse({
      ...CLUSTER_FORM_DEFAULTS,
      name: "a",
      host: "h",
      username: "u",
      repositoryId: "",
      engine: "pgbackrest",
    });
    expect(parsed.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual(
      engineIssues({ engine: "pgbackrest", walMode: "streaming", localDataDir: null }).map((i) => [i.path.join("."), i.message]),
    );
    expect(parsed.error?.issues.map((i) => i.path.join("."))).toEqual(["walMode", "localDataDir"]);
    const body = toCreateBody(values({ engine: "pgbackrest", walMode: "archive_command", localDataDir: " /srv/pg/data " }));
    expect(body).toMatchObject({ engine: "pgbackrest", walMode: "archive_command", localDataDir: "/srv/pg/data" });
    expect(body).not.toHaveProperty("importedStanza");
  });

  it("asks nothing more of an imported stanza's cluster, and sends no empty data directory", () => {
    const body = toUpdateBody(values({ engine: "pgbackrest", importedStanza: true }));
    expect(body).toMatchObject({ engine: "pgbackrest" });
    expect(body).not.toHaveProperty("localDataDir");
    expect(body).not.toHaveProperty("importedStanza");
    expect(toCreateBody(values())).not.toHaveProperty("localDataDir");
  });
});
