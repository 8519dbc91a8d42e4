/**
 * A repository in an S3 bucket (AWS or any S3-compatible store), keys under the settings' prefix.
 * There is no rename on S3: an object becomes visible when its upload completes, and a failed
 * multipart upload is aborted, so an object is either absent or complete. Objects whose sha256 is
 * known before the upload starts (buffers, immutable puts, staged files) carry it as metadata
 * (x-amz-meta-sha256), so reads and checksums detect truncation and replacement by themselves;
 * streamed puts learn theirs at the end and return it for the caller's manifest.
 * Immutable puts check, then write with If-None-Match: * (see putImmutable). Nothing is logged
 * here, and no message carries a credential.
 */
import { createReadStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { PassThrough, pipeline, Readable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  PutObjectCommand,
  type S3Client,
  type StorageClass,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { S3Settings } from "@/lib/domain/s3-settings";
import { createS3Client, describeS3, endpointHost } from "@/lib/storage/s3-client";
import { httpStatusOf, s3ErrorName, translateS3Error, type S3Action } from "@/lib/storage/s3-errors";
import { hashStream, sha256Check, sha256Tap, sizeTap } from "@/lib/storage/sha256-tap";
import { spool } from "@/lib/storage/spool";
import { materialiseCopy } from "@/lib/storage/materialise-copy";
import { discardStagingDirs, openStagingDir, type StagedFile } from "@/lib/storage/staging-dirs";
import {
  ChecksumMismatchError,
  ImmutableConflictError,
  NotFoundError,
  validateKey,
  validatePrefix,
  type LocalCopy,
  type PutOptions,
  type Repository,
  type StagingDir,
  type StoredObject,
} from "./repository";

/** 8 MiB parts, 4 in flight: at most ~32 MiB of an upload in memory, whatever its size. */
const PART_SIZE = 8 * 1024 * 1024;
const QUEUE_SIZE = 4;
/**
 * Bytes already in memory up to this size go in one PutObject (a WAL segment: one request, not a
 * multipart upload's four); immutable puts hold a stream of up to this size in memory.
 */
const SINGLE_PUT_MAX = 64 * 1024 * 1024;
/** DeleteObjects takes at most 1000 keys per request. */
const DELETE_BATCH = 1000;
const SHA256_METADATA = "sha256";

export function createS3Repository(settings: S3Settings, opts: { scratchDir: string }): Repository {
  if (settings.prefix !== "" && !settings.prefix.endsWith("/")) {
    throw new Error(`An S3 repository prefix must be empty or end with '/', not "${settings.prefix}".`);
  }
  if (!path.isAbsolute(opts.scratchDir)) throw new Error(`The scratch directory must be an absolute path, not "${opts.scratchDir}".`);
  return new S3Repository(settings, createS3Client(settings), opts.scratchDir);
}

type Digest = { size: number; sha256: string };

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** The store refused an If-None-Match write: another writer's object appeared after our check. */
class ObjectAppearedError extends Error {
  constructor(key: string) {
    super(`"${key}" was created by another writer while this one was being written.`);
  }
}

class S3Repository implements Repository {
  /** Set once the bucket answered: a 404 on HEAD then means "no such object", not "no such bucket". */
  private bucketSeen = false;

  constructor(
    private readonly settings: S3Settings,
    private readonly client: S3Client,
    private readonly scratchDir: string,
  ) {}

  describe(): string {
    return describeS3(this.settings);
  }

  async put(key: string, source: NodeJS.ReadableStream | Buffer, opts: PutOptions = {}) {
    validateKey(key);
    const { immutable = false, signal, unhashed = false } = opts;
    signal?.throwIfAborted();
    if (immutable) return this.putImmutable(key, source, signal);
    if (Buffer.isBuffer(source)) {
      const digest = await hashStream(Readable.from([source]));
      await this.upload(key, source, digest.sha256, signal);
      return { key, ...digest, alreadyPresent: false };
    }
    const tap = unhashed ? sizeTap() : sha256Tap();
    await this.upload(key, Readable.from(tap.stage(source)), null, signal);
    return { key, ...tap.digest(), alreadyPresent: false };
  }

  async get(key: string, opts: { start?: number; signal?: AbortSignal } = {}): Promise<NodeJS.ReadableStream> {
    const { body, recorded } = await this.open(key, opts);
    const out =
      recorded === undefined || opts.start
        ? new PassThrough()
        : sha256Check(recorded, (actual) => new ChecksumMismatchError(this.describe(), key, recorded, actual));
    // A connection lost mid-body reaches the reader as this repository's error, not a bare "aborted":
    // registered before pipeline's own handler, this destroys `out` first, and that error stays.
    body.once("error", (err) => out.destroy(asError(this.fail(err, "s3:GetObject", key))));
    // The callback has nothing to do: pipeline destroys `out` with any error, and the reader sees it there.
    return pipeline(body, out, () => undefined);
  }

  async stat(key: string) {
    validateKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key: this.s3Key(key) }));
      this.bucketSeen = true;
      return { key, size: head.ContentLength ?? 0, mtime: head.LastModified ?? new Date(0) };
    } catch (err) {
      if (httpStatusOf(err) !== 404) throw this.fail(err, "s3:GetObject", key);
      await this.checkBucket();
      return null;
    }
  }

  async checksum(key: string, signal?: AbortSignal): Promise<StoredObject> {
    const { body, recorded } = await this.open(key, { signal });
    const digest = await hashStream(body, signal).catch((err: unknown) => Promise.reject(this.fail(err, "s3:GetObject", key)));
    if (recorded !== undefined && recorded !== digest.sha256) throw new ChecksumMismatchError(this.describe(), key, recorded, digest);
    return { key, ...digest };
  }

  async *list(prefix: string): AsyncIterable<{ key: string; size: number }> {
    validatePrefix(prefix);
    // ListObjects (v1) paged by Marker = the last key seen: every S3-compatible store has it, and
    // s3rver cannot make ListObjectsV2 continuation tokens on OpenSSL 3 (it encrypts them with DES).
    let marker: string | undefined;
    do {
      const page = await this.client
        .send(new ListObjectsCommand({ Bucket: this.settings.bucket, Prefix: this.s3Key(prefix), Marker: marker }))
        .catch((err: unknown) => Promise.reject(this.fail(err, "s3:ListBucket")));
      this.bucketSeen = true;
      for (const object of page.Contents ?? []) {
        const key = object.Key?.slice(this.settings.prefix.length) ?? "";
        // "folder" placeholder objects some consoles create are not ours.
        if (key !== "" && !key.endsWith("/")) yield { key, size: object.Size ?? 0 };
      }
      marker = page.IsTruncated ? page.Contents?.at(-1)?.Key : undefined;
    } while (marker);
  }

  async remove(key: string): Promise<void> {
    validateKey(key);
    await this.client
      .send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.s3Key(key) }))
      .catch((err: unknown) => Promise.reject(this.fail(err, "s3:DeleteObject", key)));
  }

  async removePrefix(prefix: string): Promise<void> {
    validatePrefix(prefix);
    if (prefix === "") throw new Error("removePrefix() needs a non-empty prefix: refusing to empty the whole repository.");
    const batch: string[] = [];
    for await (const { key } of this.list(prefix)) {
      batch.push(key);
      if (batch.length === DELETE_BATCH) await this.deleteBatch(batch.splice(0));
    }
    if (batch.length > 0) await this.deleteBatch(batch);
    await this.abortUploads(prefix);
  }

  async materialise(prefix: string, opts: { signal?: AbortSignal } = {}): Promise<LocalCopy> {
    validatePrefix(prefix);
    return materialiseCopy(this, prefix, this.scratchDir, opts.signal);
  }

  async stagingDir(purpose: string): Promise<StagingDir> {
    await mkdir(this.stagingBase(), { recursive: true, mode: 0o700 });
    return openStagingDir(this.stagingBase(), purpose, (dir, files) => this.storeStaged(dir, files));
  }

  async discardStaging(purpose: string): Promise<void> {
    await discardStagingDirs(this.stagingBase(), purpose);
  }

  async freeBytes(): Promise<null> {
    return null; // a bucket has no free-space figure
  }

  // --- internals ---

  private s3Key(key: string): string {
    return `${this.settings.prefix}${key}`;
  }

  private stagingBase(): string {
    return path.join(this.scratchDir, "staging");
  }

  private fail(err: unknown, action: S3Action, key?: string): unknown {
    return translateS3Error(err, {
      repository: this.describe(),
      bucket: this.settings.bucket,
      endpoint: endpointHost(this.settings),
      action,
      key: key === undefined ? undefined : this.s3Key(key),
    });
  }

  /** A HEAD 404 does not say whether the object or the bucket is missing: ask the bucket once. */
  private async checkBucket(): Promise<void> {
    if (this.bucketSeen) return;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.settings.bucket }));
      this.bucketSeen = true;
    } catch (err) {
      // HEAD answers have no body, so no error code: a 404 on the bucket itself can only mean NoSuchBucket.
      const named =
        httpStatusOf(err) === 404
          ? Object.assign(new Error("no such bucket"), { name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } })
          : err;
      throw this.fail(named, "s3:ListBucket");
    }
  }

  /** The object's body, and the sha256 recorded when it was written (if it was). */
  private async open(key: string, opts: { start?: number; signal?: AbortSignal }) {
    validateKey(key);
    try {
      const res = await this.client.send(
        new GetObjectCommand({
          Bucket: this.settings.bucket,
          Key: this.s3Key(key),
          Range: opts.start ? `bytes=${opts.start}-` : undefined,
        }),
        { abortSignal: opts.signal },
      );
      this.bucketSeen = true;
      return { body: res.Body as Readable, recorded: res.Metadata?.[SHA256_METADATA] };
    } catch (err) {
      if (s3ErrorName(err) === "NoSuchKey") throw new NotFoundError(key);
      // A read from the end (a transfer that had everything) is empty, as a file read there is.
      if (httpStatusOf(err) === 416) return { body: Readable.from([]), recorded: undefined };
      throw this.fail(err, "s3:GetObject", key);
    }
  }

  /**
   * One object: a buffer up to SINGLE_PUT_MAX in one PutObject, anything else as a multipart upload;
   * visible only once complete, parts aborted on failure.
   */
  private async upload(
    key: string,
    body: Readable | Buffer,
    sha256: string | null,
    signal: AbortSignal | undefined,
    opts: { ifNoneMatch?: boolean } = {},
  ): Promise<void> {
    const params = {
      Bucket: this.settings.bucket,
      Key: this.s3Key(key),
      Body: body,
      Metadata: sha256 === null ? undefined : { [SHA256_METADATA]: sha256 },
      StorageClass: (this.settings.storageClass ?? undefined) as StorageClass | undefined,
      IfNoneMatch: opts.ifNoneMatch ? "*" : undefined,
    };
    const whole = Buffer.isBuffer(body) && body.length <= SINGLE_PUT_MAX;
    const upload = whole
      ? null
      : new Upload({ client: this.client, params, partSize: PART_SIZE, queueSize: QUEUE_SIZE, leavePartsOnError: false });
    const abort = () => void upload?.abort();
    signal?.addEventListener("abort", abort, { once: true });
    try {
      if (upload) await upload.done();
      else await this.client.send(new PutObjectCommand(params), { abortSignal: signal });
      this.bucketSeen = true;
    } catch (err) {
      // Stop reading the source (a tool's output, say) as a failed file write would.
      if (body instanceof Readable) body.destroy();
      if (signal?.aborted) throw signal.reason;
      if (opts.ifNoneMatch && httpStatusOf(err) === 412) throw new ObjectAppearedError(key);
      throw this.fail(err, "s3:PutObject", key);
    } finally {
      signal?.removeEventListener("abort", abort);
    }
  }

  /**
   * Check, then write with If-None-Match: * — a store that honours it turns a concurrent writer's
   * object into a 412 (then compared like any existing one); one that ignores it (s3rver, older
   * S3-compatible stores) relies on the check and on the caller's cluster lock (one WAL writer).
   */
  private async putImmutable(key: string, source: NodeJS.ReadableStream | Buffer, signal?: AbortSignal) {
    const spooled = await spool(source, { scratchDir: this.scratchDir, inMemoryMax: SINGLE_PUT_MAX, signal });
    const digest = { size: spooled.size, sha256: spooled.sha256 };
    try {
      const existing = await this.existingDigest(key, signal);
      if (existing) return this.sameOrConflict(key, existing, digest);
      try {
        await this.upload(key, spooled.body(), digest.sha256, signal, { ifNoneMatch: true });
      } catch (err) {
        const raced = err instanceof ObjectAppearedError ? await this.existingDigest(key, signal) : null;
        if (raced) return this.sameOrConflict(key, raced, digest);
        throw err;
      }
      return { key, ...digest, alreadyPresent: false };
    } finally {
      await spooled.release();
    }
  }

  private sameOrConflict(key: string, existing: Digest, written: Digest) {
    if (existing.sha256 !== written.sha256) throw new ImmutableConflictError(key, existing.sha256, written.sha256);
    return { key, ...existing, alreadyPresent: true };
  }

  /** The stored object's digest by re-reading it (a damaged one throws ChecksumMismatchError); null when absent. */
  private async existingDigest(key: string, signal?: AbortSignal): Promise<Digest | null> {
    if ((await this.stat(key)) === null) return null;
    try {
      return await this.checksum(key, signal);
    } catch (err) {
      if (err instanceof NotFoundError) return null; // removed between the two requests
      throw err;
    }
  }

  /** Staged files are hashed before upload, so their objects carry their sha256 like any other. */
  private async storeStaged(dir: string, files: StagedFile[]): Promise<StoredObject[]> {
    const stored: StoredObject[] = [];
    for (const { rel, key } of files) {
      const file = path.join(dir, ...rel.split("/"));
      const digest = await hashStream(createReadStream(file));
      await this.upload(key, createReadStream(file), digest.sha256, undefined);
      stored.push({ key, ...digest });
    }
    return stored;
  }

  /**
   * Unfinished multipart uploads under `prefix` (a worker that died mid-upload leaves its parts,
   * invisible to listing and billed, until someone aborts them). A store without
   * ListMultipartUploads (501) leaves that to its lifecycle rules.
   */
  private async abortUploads(prefix: string): Promise<void> {
    const Bucket = this.settings.bucket;
    let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
    for (;;) {
      let page;
      try {
        page = await this.client.send(new ListMultipartUploadsCommand({ Bucket, Prefix: this.s3Key(prefix), ...markers }));
      } catch (err) {
        if (httpStatusOf(err) === 501) return;
        throw this.fail(err, "s3:ListBucketMultipartUploads");
      }
      for (const { Key, UploadId } of page.Uploads ?? []) {
        await this.client
          .send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId }))
          .catch((err: unknown) => Promise.reject(this.fail(err, "s3:AbortMultipartUpload", Key?.slice(this.settings.prefix.length))));
      }
      if (!page.IsTruncated) return;
      markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
    }
  }

  private async deleteBatch(keys: string[]): Promise<void> {
    const res = await this.client
      .send(
        new DeleteObjectsCommand({
          Bucket: this.settings.bucket,
          Delete: { Objects: keys.map((key) => ({ Key: this.s3Key(key) })), Quiet: true },
        }),
      )
      .catch((err: unknown) => Promise.reject(this.fail(err, "s3:DeleteObject")));
    const first = res.Errors?.[0];
    if (first) {
      const err = Object.assign(new Error(first.Message ?? "DeleteObjects failed"), {
        name: first.Code ?? "DeleteObjectsError",
        $metadata: { httpStatusCode: first.Code === "AccessDenied" ? 403 : undefined },
      });
      throw this.fail(err, "s3:DeleteObject", first.Key?.slice(this.settings.prefix.length));
    }
  }
}
