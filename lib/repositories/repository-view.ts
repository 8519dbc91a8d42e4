import type { Repository } from "@/lib/db/generated/client";
import type { S3Location } from "@/lib/domain/s3-settings";
import { describeLocation, repositoryLocation } from "@/lib/domain/repository-location";

export interface RepositoryView {
  id: string;
  name: string;
  kind: "posix" | "s3";
  /** posix only. */
  path: string | null;
  /** posix only: the worker host whose disk holds the directory; null: a shared mount (any host). */
  workerHost: string | null;
  /**
   * s3 only. The key pair is never part of a view (neither half: it is one credential); `credentials`
   * says whether one is stored or the worker's default AWS credential chain applies.
   */
  s3: (S3Location & { credentials: "access key" | "default chain" }) | null;
  /** Client-side encryption (docs/decisions/0015), fixed at creation. */
  encrypted: boolean;
  /** What wraps an encrypted repository's data key (never the key or passphrase itself); null when not encrypted. */
  keyProtection: "secret key" | "passphrase" | null;
  /** One line saying where it is, e.g. "s3://bucket/prefix/ at http://minio:9000". */
  location: string;
  /** The newest "Test": null until one finished. */
  test: { jobId: string | null; at: string; ok: boolean; detail: string } | null;
  clusterCount: number;
  backupCount: number;
  createdAt: string;
}

export function presentRepository(r: Repository & { _count: { clusters: number; backups: number } }): RepositoryView {
  const where = repositoryLocation(r);
  return {
    id: r.id,
    name: r.name,
    kind: r.kind,
    path: where.kind === "posix" ? where.path : null,
    workerHost: r.workerHost,
    s3: where.kind === "s3" ? { ...where.location, credentials: r.s3AccessKeyId === null ? "default chain" : "access key" } : null,
    encrypted: r.encrypted,
    keyProtection: !r.encrypted ? null : r.passphraseKdf === null ? "secret key" : "passphrase",
    location: describeLocation(where),
    test:
      r.testedAt && r.testOk !== null
        ? { jobId: r.testJobId, at: r.testedAt.toISOString(), ok: r.testOk, detail: r.testDetail ?? "" }
        : null,
    clusterCount: r._count.clusters,
    backupCount: r._count.backups,
    createdAt: r.createdAt.toISOString(),
  };
}
