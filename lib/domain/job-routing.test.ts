import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { inPlaceHost, jobHost, repositoryScope } from "./job-routing";

const s3 = { name: "offsite", kind: "s3" as const, workerHost: null };
const shared = { name: "nfs", kind: "posix" as const, workerHost: null };
const onA = { name: "local-a", kind: "posix" as const, workerHost: "db-backup-1" };
const onB = { name: "local-b", kind: "posix" as const, workerHost: "db-backup-2" };

describe("jobHost", () => {
  it("lets any worker run a job that needs only the network and S3", () => {
    expect(jobHost({ repositories: [s3] })).toBeNull();
    expect(jobHost({ repositories: [] })).toBeNull();
  });

  it("lets any worker run a job on a shared mount", () => {
    expect(jobHost({ repositories: [shared, s3] })).toBeNull();
  });

  it("binds a job reading or writing a host's posix repository to that host", () => {
    expect(jobHost({ repositories: [s3, onA] })).toBe("db-backup-1");
  });

  it("binds a job with a local instance to the instance's host, whatever its repository", () => {
    expect(jobHost({ localHost: "db-backup-2", repositories: [s3] })).toBe("db-backup-2");
    expect(jobHost({ localHost: "db-backup-2", repositories: [shared, onB] })).toBe("db-backup-2");
  });

  it("binds a job that runs pgbackrest to the database host, and refuses an instance placed elsewhere", () => {
    expect(jobHost({ stanzaHost: "db-1", repositories: [s3] })).toBe("db-1");
    expect(jobHost({ stanzaHost: "db-1", localHost: "db-1", repositories: [shared] })).toBe("db-1");
    expect(() => jobHost({ stanzaHost: "db-1", localHost: "db-backup-2", repositories: [s3] })).toThrow(
      /its instance on worker host db-backup-2 and the cluster's pgBackRest stanza on db-1/,
    );
  });

  it("refuses a job whose files are on two hosts, naming both and what to change", () => {
    const refuse = () => jobHost({ localHost: "db-backup-2", repositories: [onA] });
    expect(refuse).toThrow(AppError);
    expect(refuse).toThrow(/its instance on worker host db-backup-2 and repository local-a on db-backup-1.*shared mount or S3/);
    expect(() => jobHost({ repositories: [onA, onB] })).toThrow(/repository local-a on worker host db-backup-1 and repository local-b/);
  });
});

describe("repositoryScope", () => {
  it("says which repositories each kind of job touches", () => {
    expect(repositoryScope("backup.full")).toBe("primary");
    expect(repositoryScope("copy")).toBe("all");
    expect(repositoryScope("notify")).toBe("none");
  });

  it("reads a table restore's repository as a restore's: the primary unless its caller names a copy", () => {
    expect(repositoryScope("table.restore")).toBe(repositoryScope("restore"));
  });

  it("binds a job type it does not know by all of the cluster's repositories", () => {
    expect(repositoryScope("table.restore.someday")).toBe("all");
  });
});

describe("inPlaceHost", () => {
  const cluster = { name: "orders", localDataDirHost: "db-1" };

  it("binds an in-place restore to the host whose disk holds the cluster's data directory", () => {
    expect(inPlaceHost(cluster, undefined)).toBe("db-1");
    expect(inPlaceHost(cluster, "db-1")).toBe("db-1");
  });

  it("refuses another host, naming the cluster's", () => {
    expect(() => inPlaceHost(cluster, "db-backup-2")).toThrow(AppError);
    expect(() => inPlaceHost(cluster, "db-backup-2")).toThrow(
      "The data directory of orders is on worker host db-1: an in-place restore runs there.",
    );
  });

  it("leaves the choice to the caller when the cluster's host was never named", () => {
    expect(inPlaceHost({ name: "orders", localDataDirHost: null }, undefined)).toBeNull();
    expect(inPlaceHost({ name: "orders", localDataDirHost: null }, "db-backup-2")).toBeNull();
  });
});
