import { execFileSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, linkSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TarReader, type TarHeader } from "@/lib/domain/tar-reader";
import { ArchiveError, backupArchive, extractTar, scanDataTar } from "@/lib/pg/verify-tar-stream";

let work: string;
let src: string;
const longName = `base/${"d".repeat(120)}/${"f".repeat(130)}`;
const contents: Record<string, Buffer> = {
  PG_VERSION: Buffer.from("15\n"),
  "base/1/1259": Buffer.alloc(3 * 8192 + 100, 0x5a),
  [longName]: Buffer.alloc(70_000, 0x17),
};

/** `tar` (GNU format, long names as ././@LongLink) of the fixture tree, compressed when asked. */
async function archiveOf(file: string, compress: boolean): Promise<string> {
  const dir = await mkdtemp(path.join(work, "backup-"));
  const tarFile = path.join(dir, "base.tar");
  execFileSync("tar", ["--format=gnu", "--sort=name", "-c", "-f", tarFile, "-C", src, "PG_VERSION", "base"]);
  if (compress) execFileSync("zstd", ["-q", "--rm", tarFile, "-o", path.join(dir, file)]);
  return dir;
}

function scan(dir: string, file: string, signal?: AbortSignal) {
  return scanDataTar({
    dir,
    archive: backupArchive(file)!,
    tablespaceOid: null,
    checksumFor: (key) => (key === "PG_VERSION" ? "SHA256" : key.startsWith("base/") ? "CRC32C" : null),
    signal,
  });
}

beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), "verify-tar-stream-"));
  src = path.join(work, "src");
  for (const [name, data] of Object.entries(contents)) {
    await mkdir(path.dirname(path.join(src, name)), { recursive: true });
    await writeFile(path.join(src, name), data);
  }
});

afterAll(() => rm(work, { recursive: true, force: true }));

describe("scanDataTar", () => {
  for (const compress of [false, true]) {
    const file = compress ? "base.tar.zst" : "base.tar";
    it(`measures every member of ${file} with the manifest's checksum algorithm`, async () => {
      const dir = await archiveOf(file, compress);
      const members = await scan(dir, file);
      expect(members).toEqual([
        { key: "PG_VERSION", archive: file, type: "file", size: 3, checksum: createHash("sha256").update("15\n").digest("hex") },
        { key: "base", archive: file, type: "directory", size: 0 },
        { key: "base/1", archive: file, type: "directory", size: 0 },
        // CRC32C of 24,676 bytes of 0x5a, as pg_verifybackup prints it (little-endian bytes).
        { key: "base/1/1259", archive: file, type: "file", size: 3 * 8192 + 100, checksum: expect.stringMatching(/^[0-9a-f]{8}$/) },
        { key: path.dirname(longName), archive: file, type: "directory", size: 0 },
        { key: longName, archive: file, type: "file", size: 70_000, checksum: expect.stringMatching(/^[0-9a-f]{8}$/) },
      ]);
    });
  }

  for (const compress of [false, true]) {
    const file = compress ? "base.tar.zst" : "base.tar";
    it(`measures ${file} arriving as a stream (in small pieces) exactly as from its file`, async () => {
      const dir = await archiveOf(file, compress);
      const fromFile = await scan(dir, file);
      const stream = createReadStream(path.join(dir, file), { highWaterMark: 1000 });
      const fromStream = await scanDataTar({
        stream,
        archive: backupArchive(file)!,
        tablespaceOid: null,
        checksumFor: (key) => (key === "PG_VERSION" ? "SHA256" : key.startsWith("base/") ? "CRC32C" : null),
      });
      expect(fromStream).toEqual(fromFile);
      expect(fromStream.filter((m) => m.type === "file")).toHaveLength(3);
    });

    it(`says a stream of ${file} cut short is not a complete archive`, async () => {
      const dir = await archiveOf(file, compress);
      const whole = await readFile(path.join(dir, file));
      const cut = Readable.from([whole.subarray(0, Math.floor(whole.length / 2))]);
      await expect(
        scanDataTar({ stream: cut, archive: backupArchive(file)!, tablespaceOid: null, checksumFor: () => "CRC32C" }),
      ).rejects.toThrow(ArchiveError);
    });
  }

  it("computes CRC32C as PostgreSQL does", async () => {
    // The CRC32C check value: "123456789" → 0xe3069283, written as its little-endian bytes.
    const dir = await mkdtemp(path.join(work, "crc-"));
    await writeFile(path.join(dir, "check"), "123456789");
    execFileSync("tar", ["-c", "-f", path.join(dir, "base.tar"), "-C", dir, "check"]);
    const members = await scanDataTar({ dir, archive: backupArchive("base.tar")!, tablespaceOid: "16400", checksumFor: () => "CRC32C" });
    expect(members).toEqual([{ key: "pg_tblspc/16400/check", archive: "base.tar", type: "file", size: 9, checksum: "839206e3" }]);
  });

  it("says a truncated compressed archive could not be decompressed", async () => {
    const dir = await archiveOf("base.tar.zst", true);
    const file = path.join(dir, "base.tar.zst");
    await truncate(file, Math.floor((await stat(file)).size / 2));
    await expect(scan(dir, "base.tar.zst")).rejects.toThrow(/^base\.tar\.zst could not be decompressed: zstd exited with status 1: .+/);
  });

  it("says a truncated uncompressed archive is not a readable tar", async () => {
    const dir = await archiveOf("base.tar", false);
    await truncate(path.join(dir, "base.tar"), 4000);
    const err = await scan(dir, "base.tar").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as Error).message).toBe("base.tar is not a readable tar archive: unexpected end of data at byte 4000");
  });

  it("says an archive with a damaged header is not a readable tar", async () => {
    const dir = await archiveOf("base.tar", false);
    const tar = await readFile(path.join(dir, "base.tar"));
    tar[1024 + 10]! ^= 0xff; // the second header (after PG_VERSION and its one data block)
    await writeFile(path.join(dir, "base.tar"), tar);
    execFileSync("zstd", ["-q", "--rm", path.join(dir, "base.tar"), "-o", path.join(dir, "base.tar.zst")]);
    await expect(scan(dir, "base.tar.zst")).rejects.toThrow(
      new ArchiveError("base.tar.zst is not a readable tar archive: header checksum mismatch at byte 1024"),
    );
  });

  it("stops with the abort reason", async () => {
    const dir = await archiveOf("base.tar.zst", true);
    const controller = new AbortController();
    controller.abort(new Error("shutting down"));
    await expect(scan(dir, "base.tar.zst", controller.signal)).rejects.toThrow("shutting down");
    const running = new AbortController();
    const scanning = scan(dir, "base.tar.zst", running.signal);
    running.abort(new Error("shutting down now"));
    await expect(scanning).rejects.toThrow("shutting down now");
  });
});

describe("extractTar", () => {
  it("writes the regular files, long names included", async () => {
    const dir = await archiveOf("base.tar.zst", true);
    const into = path.join(dir, "out");
    expect(await extractTar({ dir, archive: backupArchive("base.tar.zst")!, into })).toBe(3);
    for (const [name, data] of Object.entries(contents)) expect(await readFile(path.join(into, name))).toEqual(data);
    expect(await readdir(path.join(into, "base", "1"))).toEqual(["1259"]);
  });

  it("writes members larger than a read, from compressed and uncompressed archives", async () => {
    const dir = await mkdtemp(path.join(work, "wal-"));
    const segments = { "000000010000000000000001": randomBytes(4 << 20), "000000010000000000000002": randomBytes((4 << 20) + 1000) };
    for (const [name, data] of Object.entries(segments)) await writeFile(path.join(dir, name), data);
    execFileSync("tar", ["-c", "-f", path.join(dir, "pg_wal.tar"), "-C", dir, ...Object.keys(segments)]);
    execFileSync("zstd", ["-q", "-k", path.join(dir, "pg_wal.tar"), "-o", path.join(dir, "pg_wal.tar.zst")]);
    for (const file of ["pg_wal.tar", "pg_wal.tar.zst"]) {
      const into = path.join(dir, `out-${file}`);
      expect(await extractTar({ dir, archive: backupArchive(file)!, into })).toBe(2);
      for (const [name, data] of Object.entries(segments))
        expect((await readFile(path.join(into, name))).equals(data), `${file}: ${name}`).toBe(true);
    }
  });

  it("refuses a member that would be written outside the directory", async () => {
    const dir = await mkdtemp(path.join(work, "escape-"));
    await writeFile(path.join(dir, "evil"), "x");
    execFileSync("tar", ["-c", "-f", path.join(dir, "pg_wal.tar"), "-C", dir, "--transform=s,^,../,", "evil"]);
    await expect(extractTar({ dir, archive: backupArchive("pg_wal.tar")!, into: path.join(dir, "out") })).rejects.toThrow(
      new ArchiveError('pg_wal.tar: member "../evil" would be written outside the extraction directory'),
    );
  });
});

interface Read {
  header: TarHeader;
  size: number;
  sha256: string;
}

/** Feeds `archive` to a TarReader in chunks of `chunkSize` bytes; what came out per member. */
function read(archive: Buffer, chunkSize = archive.length): Read[] {
  const out: Read[] = [];
  let current: { header: TarHeader; size: number; hash: ReturnType<typeof createHash> } | undefined;
  const reader = new TarReader({
    header: (header) => {
      expect(current).toBeUndefined();
      current = { header, size: 0, hash: createHash("sha256") };
    },
    data: (slice) => {
      current!.size += slice.length;
      current!.hash.update(slice);
    },
    end: () => {
      out.push({ header: current!.header, size: current!.size, sha256: current!.hash.digest("hex") });
      current = undefined;
    },
  });
  for (let at = 0; at < archive.length; at += chunkSize) reader.write(archive.subarray(at, at + chunkSize));
  reader.end();
  return out;
}

const sha = (data: Buffer | string) => createHash("sha256").update(data).digest("hex");

// Longer than ustar's 100-byte name field and its 155-byte prefix can split: GNU and pax
// records are the only way to write it.
const longDir = `base/${"d".repeat(120)}`;
const gnuLongName = `${longDir}/${"f".repeat(140)}`;
const gnuFiles: Record<string, Buffer> = {
  "base/1/1259": Buffer.alloc(8192 * 3, 1),
  "base/1/empty": Buffer.alloc(0),
  "global/pg_control": Buffer.from("not quite 512 bytes"),
  [gnuLongName]: Buffer.alloc(1000, 7),
  "base/caf\xe9": Buffer.from("latin-1 name"),
};

/** GNU tar's archive of the fixture tree in `format`. */
function tarOf(format: "ustar" | "gnu" | "pax", names: string[]): Buffer {
  const file = path.join(work, "gnu.tar");
  const list = path.join(work, "gnu-names");
  // A list file, not arguments: argv would be UTF-8, and names are latin-1 bytes here.
  writeFileSync(list, Buffer.from(names.join("\n"), "latin1"));
  execFileSync("tar", [`--format=${format}`, "--sort=name", "-c", "-f", file, "-C", gnuSrc, "--verbatim-files-from", "-T", list]);
  return readFileSync(file);
}

let gnuSrc: string;

beforeAll(() => {
  gnuSrc = path.join(work, "gnu-src");
  for (const [name, data] of Object.entries(gnuFiles)) {
    mkdirSync(path.dirname(path.join(gnuSrc, name)), { recursive: true });
    // Names are bytes: write the latin-1 name's bytes, not its UTF-8 encoding.
    writeFileSync(Buffer.from(path.join(gnuSrc, name), "latin1"), data);
  }
  symlinkSync("/somewhere/else", path.join(gnuSrc, "pg_tblspc_link"));
  linkSync(path.join(gnuSrc, "global/pg_control"), path.join(gnuSrc, "hardlink"));
});

describe("TarReader on archives GNU tar writes", () => {
  const shortNames = ["base/1/1259", "base/1/empty", "global/pg_control", "base/caf\xe9"];

  for (const format of ["ustar", "gnu", "pax"] as const) {
    it(`reads every member of a ${format} archive, whatever the chunk size`, () => {
      const names = format === "ustar" ? shortNames : [...shortNames, gnuLongName];
      const archive = tarOf(format, names);
      const expected = names.map((name) => ({ name, type: "file", size: gnuFiles[name]!.length, sha256: sha(gnuFiles[name]!) }));
      for (const chunkSize of [1, 7, 511, 512, 513, 4096, 65536, archive.length]) {
        const got = read(archive, chunkSize).map((m) => ({ name: m.header.name, type: m.header.type, size: m.size, sha256: m.sha256 }));
        expect(got, `chunks of ${chunkSize}`).toEqual(expected);
      }
    });
  }

  it("reads directories, symbolic links and hard links with their types", () => {
    const archive = tarOf("gnu", ["base/1", "pg_tblspc_link", "global/pg_control", "hardlink"]);
    const got = read(archive, 100).map((m) => [m.header.name, m.header.type, m.header.typeflag, m.header.linkname, m.size]);
    expect(got).toEqual([
      ["base/1/", "directory", "5", "", 0],
      ["base/1/1259", "file", "0", "", 8192 * 3],
      ["base/1/empty", "file", "0", "", 0],
      ["pg_tblspc_link", "symlink", "2", "/somewhere/else", 0],
      ["global/pg_control", "file", "0", "", gnuFiles["global/pg_control"]!.length],
      ["hardlink", "other", "1", "global/pg_control", 0],
    ]);
  });

  it("takes a long name from the ustar prefix field", () => {
    // 100 < length <= 255 with a slash to split at: GNU tar's ustar writer uses the prefix.
    const name = `base/${"p".repeat(110)}/${"n".repeat(90)}`;
    mkdirSync(path.join(gnuSrc, path.dirname(name)), { recursive: true });
    writeFileSync(path.join(gnuSrc, name), "in a long directory");
    const archive = tarOf("ustar", [name]);
    expect(archive.subarray(345, 345 + 10).toString("latin1")).toBe(`base/${"p".repeat(5)}`);
    expect(read(archive).map((m) => [m.header.name, m.size])).toEqual([[name, 19]]);
  });
});
