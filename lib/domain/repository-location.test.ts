import { describe, expect, it } from "vitest";
import { describeLocation, repositoryLocation, type RepositoryColumns } from "@/lib/domain/repository-location";

const none = { path: null, s3Endpoint: null, s3Region: null, s3Bucket: null, s3Prefix: null, s3ForcePathStyle: null, s3StorageClass: null };

describe("repository location", () => {
  it("reads a posix row as its directory", () => {
    const l = repositoryLocation({ ...none, kind: "posix", path: "/var/lib/wayback/repo" });
    expect(l).toEqual({ kind: "posix", path: "/var/lib/wayback/repo" });
    expect(describeLocation(l)).toBe("/var/lib/wayback/repo");
  });

  it("reads an s3 row as its bucket, prefix and endpoint", () => {
    const row: RepositoryColumns = {
      ...none,
      kind: "s3",
      s3Endpoint: "http://127.0.0.1:9000",
      s3Region: "us-east-1",
      s3Bucket: "wayback",
      s3Prefix: "prod/",
      s3ForcePathStyle: true,
    };
    const l = repositoryLocation(row);
    expect(l).toEqual({
      kind: "s3",
      location: {
        endpoint: "http://127.0.0.1:9000",
        region: "us-east-1",
        bucket: "wayback",
        prefix: "prod/",
        forcePathStyle: true,
        storageClass: null,
      },
    });
    expect(describeLocation(l)).toBe("s3://wayback/prod/ at http://127.0.0.1:9000");
  });

  it("refuses a row without its kind's settings, or of a kind it does not know", () => {
    expect(() => repositoryLocation({ ...none, kind: "s3", s3Region: "x" })).toThrow(/lacks the settings of its kind/);
    expect(() => repositoryLocation({ ...none, kind: "gcs", path: "/x" })).toThrow(/kind "gcs"/);
  });
});
