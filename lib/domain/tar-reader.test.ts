import { describe, expect, it } from "vitest";
import { TarFormatError, TarReader, type TarHeader } from "@/lib/domain/tar-reader";

interface Read {
  header: TarHeader;
  data: Buffer;
}

/** Feeds `archive` to a TarReader in chunks of `chunkSize` bytes; what came out per member. */
function read(archive: Buffer, chunkSize = archive.length): Read[] {
  const out: Read[] = [];
  let current: { header: TarHeader; slices: Buffer[] } | undefined;
  const reader = new TarReader({
    header: (header) => {
      expect(current).toBeUndefined();
      current = { header, slices: [] };
    },
    data: (slice) => current!.slices.push(slice),
    end: () => {
      out.push({ header: current!.header, data: Buffer.concat(current!.slices) });
      current = undefined;
    },
  });
  for (let at = 0; at < archive.length; at += chunkSize) reader.write(archive.subarray(at, at + chunkSize));
  reader.end();
  return out;
}

/** A ustar header as PostgreSQL's tarCreateHeader writes it. */
function ustarHeader(name: string, size: number | Buffer, typeflag = "0"): Buffer {
  const h = Buffer.alloc(512);
  h.write(name, 0, 100, "latin1");
  h.write("0000600 \0", 100);
  h.write("0000000 \0", 108);
  h.write("0000000 \0", 116);
  if (typeof size === "number") h.write(`${size.toString(8).padStart(11, "0")} `, 124);
  else size.copy(h, 124);
  h.write("00000000000 ", 136);
  h.write(typeflag, 156);
  h.write("ustar\x0000", 257, "latin1");
  let sum = 8 * 32;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += h[i]!;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  return h;
}

function member(name: string, data: Buffer): Buffer {
  return Buffer.concat([ustarHeader(name, data.length), data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
}

describe("TarReader on archives as PostgreSQL writes them", () => {
  it("accepts an archive without end-of-archive blocks, and one with them", () => {
    const body = Buffer.concat([member("backup_label", Buffer.from("START WAL LOCATION")), member("base/1/1", Buffer.alloc(8192, 3))]);
    for (const archive of [body, Buffer.concat([body, Buffer.alloc(1024)])]) {
      expect(read(archive, 1000).map((m) => [m.header.name, m.data.length])).toEqual([
        ["backup_label", 18],
        ["base/1/1", 8192],
      ]);
    }
  });

  it("reads a base-256 size (files of 8 GiB and more)", () => {
    const size = Buffer.alloc(12);
    size[0] = 0x80;
    size.writeUIntBE(9 * 2 ** 30, 6, 6);
    const headers: TarHeader[] = [];
    const reader = new TarReader({ header: (h) => headers.push(h), data: () => {}, end: () => {} });
    reader.write(ustarHeader("base/1/huge", size));
    expect(headers.map((h) => h.size)).toEqual([9 * 2 ** 30]);
    expect(() => reader.end()).toThrow(/unexpected end of data at byte 512/);
  });

  it("takes the size from a pax record", () => {
    const record = "14 size=70000\n";
    const pax = Buffer.concat([ustarHeader("././@PaxHeader", record.length, "x"), Buffer.from(record), Buffer.alloc(512 - record.length)]);
    // The ustar size field says 0: the pax record overrides it.
    const data = Buffer.alloc(70000, 9);
    const archive = Buffer.concat([pax, ustarHeader("base/1/2", 0), data, Buffer.alloc((512 - (70000 % 512)) % 512)]);
    expect(read(archive, 4096).map((m) => [m.header.name, m.data])).toEqual([["base/1/2", data]]);
  });
});

describe("TarReader refuses damaged archives", () => {
  const good = Buffer.concat([member("PG_VERSION", Buffer.from("15\n")), member("base/1/1", Buffer.alloc(2000, 5))]);

  it("an archive cut inside a header, a member's data or its padding", () => {
    for (const cut of [100, 512 + 1, 1024 + 511, 1024 + 1500, 1536 + 2000 + 10]) {
      expect(() => read(good.subarray(0, cut), 300), `cut at ${cut}`).toThrow(new TarFormatError(`unexpected end of data at byte ${cut}`));
    }
  });

  it("a header whose checksum does not match", () => {
    const bad = Buffer.from(good);
    bad[1024 + 3]! ^= 0x01; // the second header's name
    expect(() => read(bad)).toThrow(new TarFormatError("header checksum mismatch at byte 1024"));
  });

  it("a header that is not ustar or GNU", () => {
    const bad = Buffer.from(good);
    bad.write("xxxxx", 257);
    expect(() => read(bad)).toThrow(new TarFormatError("unknown tar format at byte 0"));
  });

  it("a size that is not a number", () => {
    const header = ustarHeader("base/1/1", 0);
    header.write("0000000009x ", 124);
    let sum = 8 * 32;
    for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += header[i]!;
    header.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
    expect(() => read(header)).toThrow(new TarFormatError("malformed number in the header at byte 0"));
  });

  it("data that is not a tar at all", () => {
    expect(() => read(Buffer.alloc(4096, 0x41))).toThrow(TarFormatError);
  });
});
