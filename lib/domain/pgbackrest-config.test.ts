import { describe, expect, it } from "vitest";
import {
  archiveCommandFor,
  archiveGetCommandFor,
  renderStanzaConfig,
  stanzaNameFor,
  type StanzaConfigInput,
} from "@/lib/domain/pgbackrest-config";

const base: StanzaConfigInput = {
  stanza: "orders",
  pgDataDir: "/srv/pg/orders",
  pgPort: 5433,
  pgSocketDir: "/srv/pg/orders.run",
  pgUser: "postgres",
  clusterId: "4b1c0a9e-0000-4000-8000-000000000001",
  repository: { kind: "posix", path: "/srv/backups/" },
  stanzaDir: "/var/lib/wayback/pgbackrest/orders",
  processMax: 2,
};

describe("renderStanzaConfig", () => {
  it("puts a posix repository's pgBackRest area under the repository, and retention in Wayback's hands", () => {
    const text = renderStanzaConfig(base);
    expect(text).toContain("repo1-path=/srv/backups/pgbackrest/4b1c0a9e-0000-4000-8000-000000000001\n");
    expect(text).toContain("repo1-retention-full=9999999\n");
    expect(text).toContain("spool-path=/var/lib/wayback/pgbackrest/orders/spool\n");
    expect(text).toMatch(
      /\[orders\]\npg1-path=\/srv\/pg\/orders\npg1-port=5433\npg1-socket-path=\/srv\/pg\/orders.run\npg1-user=postgres\n$/,
    );
  });

  it("maps an S3 repository to repo1-type=s3 with the key pair in the file", () => {
    const text = renderStanzaConfig({
      ...base,
      repository: {
        kind: "s3",
        settings: {
          endpoint: "https://minio.internal:9000",
          region: "eu-west-1",
          bucket: "wayback",
          prefix: "prod/",
          forcePathStyle: true,
          storageClass: null,
          credentials: { accessKeyId: "AKIAEXAMPLE", secretAccessKey: "s3cr3t" },
        },
      },
    });
    expect(text).toContain("repo1-type=s3\nrepo1-path=/prod/pgbackrest/4b1c0a9e-0000-4000-8000-000000000001\n");
    expect(text).toContain("repo1-s3-endpoint=minio.internal\nrepo1-storage-port=9000\nrepo1-s3-uri-style=path\n");
    expect(text).toContain("repo1-s3-key=AKIAEXAMPLE\nrepo1-s3-key-secret=s3cr3t\n");
  });

  it("refuses an S3 repository without a key pair, and values that would add a line", () => {
    const s3 = {
      endpoint: null,
      region: "us-east-1",
      bucket: "b",
      prefix: "",
      forcePathStyle: false,
      storageClass: null,
      credentials: null,
    };
    expect(() => renderStanzaConfig({ ...base, repository: { kind: "s3", settings: s3 } })).toThrow(/access key pair/);
    expect(() => renderStanzaConfig({ ...base, pgDataDir: "/srv/pg\nrepo1-path=/tmp" })).toThrow(/pg1-path cannot contain a line break/);
    expect(() => renderStanzaConfig({ ...base, stanza: "a b" })).toThrow(/stanza name/);
  });
});

describe("stanzaNameFor and archiveCommandFor", () => {
  it("derives a stanza name pgBackRest accepts", () => {
    expect(stanzaNameFor("orders db (prod)")).toBe("orders-db-prod-");
    expect(stanzaNameFor("__x")).toBe("x");
    expect(stanzaNameFor("é")).toBe("cluster");
  });

  it("writes the archive_command with the config path, refusing paths a shell would read", () => {
    expect(archiveCommandFor("/var/lib/wayback/pgbackrest/orders/pgbackrest.conf", "orders")).toBe(
      "pgbackrest --config=/var/lib/wayback/pgbackrest/orders/pgbackrest.conf --stanza=orders archive-push %p",
    );
    expect(() => archiveCommandFor("/tmp/a b/pgbackrest.conf", "orders")).toThrow(/characters a shell would read/);
  });

  it("writes a copy's restore_command with archive-get, under the same rule", () => {
    expect(archiveGetCommandFor("/var/lib/wayback/pgbackrest/orders/pgbackrest.conf", "orders", "/srv/copy")).toBe(
      'pgbackrest --config=/var/lib/wayback/pgbackrest/orders/pgbackrest.conf --stanza=orders --pg1-path=/srv/copy --no-archive-async archive-get %f "%p"',
    );
    expect(() => archiveGetCommandFor("/tmp/$(x)/pgbackrest.conf", "orders", "/srv/copy")).toThrow(/characters a shell would read/);
    expect(() => archiveGetCommandFor("/tmp/pgbackrest.conf", "orders", "/srv/my copy")).toThrow(/characters a shell would read/);
  });
});
