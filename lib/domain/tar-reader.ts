// A push parser for tar streams: chunks in, member headers and data slices out, with no
// copying of member data (each slice is a view of the chunk it arrived in). It reads what
// PostgreSQL's tarCreateHeader writes (POSIX ustar, base-256 numbers for sizes of 8 GiB and
// more) and what GNU tar writes when a backup is changed by hand (GNU magic, ././@LongLink
// names, pax extended headers), and refuses anything it cannot vouch for: a header whose
// checksum does not match, an unknown format, an archive that ends inside a member.

const BLOCK = 512;
/** Pax and GNU long-name records are names, not data: larger ones are a corrupt archive. */
const MAX_META_BYTES = 1 << 20;

export type TarMemberType = "file" | "directory" | "symlink" | "other";

export interface TarHeader {
  /** Latin-1 decoded: one character per byte, so names compare byte for byte. */
  name: string;
  type: TarMemberType;
  /** The typeflag as written ("0", "5", …; "\0" for an old-style regular file). */
  typeflag: string;
  size: number;
  linkname: string;
}

/** What the archive handed over: a header, its data in order, then the member's end. */
export interface TarHandler {
  header(header: TarHeader): void;
  data(slice: Buffer): void;
  end(): void;
}

/** The bytes are not a well-formed tar archive (corrupt header, cut short, unknown format). */
export class TarFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TarFormatError";
  }
}

type State =
  | { kind: "header" }
  | { kind: "data"; remaining: number; padding: number }
  | { kind: "meta"; typeflag: string; remaining: number; padding: number; parts: Buffer[] }
  | { kind: "padding"; remaining: number };

export class TarReader {
  private state: State = { kind: "header" };
  /** A header split across chunks, gathered here. */
  private readonly partial = Buffer.alloc(BLOCK);
  private partialLength = 0;
  /** Bytes consumed so far, for messages. */
  private offset = 0;
  /** Overrides from pax ("x") and GNU ("L", "K") records for the next header. */
  private pending: { name?: string; linkname?: string; size?: number } = {};

  constructor(private readonly handler: TarHandler) {}

  /** Parses `chunk`, calling the handler for every header and data slice it completes. */
  write(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      const state = this.state;
      if (state.kind === "header") {
        if (this.partialLength === 0 && chunk.length - at >= BLOCK) {
          at += BLOCK;
          this.offset += BLOCK;
          this.onHeaderBlock(chunk.subarray(at - BLOCK, at));
        } else {
          const take = Math.min(BLOCK - this.partialLength, chunk.length - at);
          chunk.copy(this.partial, this.partialLength, at, at + take);
          this.partialLength += take;
          at += take;
          this.offset += take;
          if (this.partialLength === BLOCK) {
            this.partialLength = 0;
            this.onHeaderBlock(this.partial);
          }
        }
      } else if (state.kind === "data") {
        const take = Math.min(state.remaining, chunk.length - at);
        if (take > 0) this.handler.data(chunk.subarray(at, at + take));
        at += take;
        this.offset += take;
        state.remaining -= take;
        if (state.remaining === 0) {
          this.handler.end();
          this.state = state.padding > 0 ? { kind: "padding", remaining: state.padding } : { kind: "header" };
        }
      } else if (state.kind === "meta") {
        const take = Math.min(state.remaining, chunk.length - at);
        state.parts.push(Buffer.from(chunk.subarray(at, at + take)));
        at += take;
        this.offset += take;
        state.remaining -= take;
        if (state.remaining === 0) {
          this.onMeta(state.typeflag, Buffer.concat(state.parts));
          this.state = state.padding > 0 ? { kind: "padding", remaining: state.padding } : { kind: "header" };
        }
      } else {
        const take = Math.min(state.remaining, chunk.length - at);
        at += take;
        this.offset += take;
        state.remaining -= take;
        if (state.remaining === 0) this.state = { kind: "header" };
      }
    }
  }

  /** The input has ended: throws unless it ended between members. */
  end(): void {
    if (this.state.kind !== "header" || this.partialLength !== 0 || Object.keys(this.pending).length > 0) {
      throw new TarFormatError(`unexpected end of data at byte ${this.offset}`);
    }
  }

  private onHeaderBlock(block: Buffer): void {
    const at = this.offset - BLOCK;
    // End-of-archive blocks (and the zero padding some writers add after them).
    if (isZero(block)) return;
    const magic = block.toString("latin1", 257, 263);
    const gnu = magic === "ustar " && block[263] === 0x20 && block[264] === 0;
    if (magic !== "ustar\0" && !gnu) throw new TarFormatError(`unknown tar format at byte ${at}`);
    const stored = octal(block, 148, 8, at);
    if (stored !== unsignedSum(block) && stored !== signedSum(block)) throw new TarFormatError(`header checksum mismatch at byte ${at}`);

    const typeflag = String.fromCharCode(block[156]!);
    const headerSize = number(block, 124, 12, at);
    if (typeflag === "x" || typeflag === "g" || typeflag === "L" || typeflag === "K") {
      if (headerSize > MAX_META_BYTES) throw new TarFormatError(`extended header of ${headerSize} bytes at byte ${at}`);
      if (headerSize === 0) this.onMeta(typeflag, Buffer.alloc(0));
      else this.state = { kind: "meta", typeflag, remaining: headerSize, padding: padding(headerSize), parts: [] };
      return;
    }
    const size = this.pending.size ?? headerSize;

    let name = field(block, 0, 100);
    // The ustar prefix; GNU headers keep other fields there.
    if (!gnu && block[345] !== 0) name = `${field(block, 345, 155)}/${name}`;
    const header: TarHeader = {
      name: this.pending.name ?? name,
      type: memberType(typeflag),
      typeflag,
      size,
      linkname: this.pending.linkname ?? field(block, 157, 100),
    };
    this.pending = {};
    this.handler.header(header);
    if (size === 0) {
      this.handler.end();
      return;
    }
    this.state = { kind: "data", remaining: size, padding: padding(size) };
  }

  private onMeta(typeflag: string, data: Buffer): void {
    if (typeflag === "L") this.pending.name = field(data, 0, data.length);
    else if (typeflag === "K") this.pending.linkname = field(data, 0, data.length);
    else if (typeflag === "x") Object.assign(this.pending, paxRecords(data, this.offset));
    // "g": global pax records set defaults (times, owners) none of which matter here.
  }
}

function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

function memberType(typeflag: string): TarMemberType {
  if (typeflag === "0" || typeflag === "\0" || typeflag === "7") return "file";
  if (typeflag === "5") return "directory";
  if (typeflag === "2") return "symlink";
  return "other";
}

/** "<length> <key>=<value>\n" records; only the ones that change how members are read. */
function paxRecords(data: Buffer, at: number): { name?: string; linkname?: string; size?: number } {
  const out: { name?: string; linkname?: string; size?: number } = {};
  let pos = 0;
  while (pos < data.length) {
    const space = data.indexOf(0x20, pos);
    const length = space > pos ? Number(data.toString("latin1", pos, space)) : NaN;
    if (!Number.isSafeInteger(length) || length <= space - pos || pos + length > data.length || data[pos + length - 1] !== 0x0a) {
      throw new TarFormatError(`malformed pax header before byte ${at}`);
    }
    const record = data.toString("latin1", space + 1, pos + length - 1);
    const eq = record.indexOf("=");
    const key = record.slice(0, eq);
    const value = record.slice(eq + 1);
    if (key === "path") out.name = value;
    else if (key === "linkpath") out.linkname = value;
    else if (key === "size") {
      if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new TarFormatError(`malformed pax size before byte ${at}`);
      out.size = Number(value);
    }
    pos += length;
  }
  return out;
}

/** A NUL-terminated (or full-width) string field, one character per byte. */
function field(block: Buffer, from: number, length: number): string {
  const nul = block.indexOf(0, from);
  const end = nul === -1 || nul > from + length ? from + length : nul;
  return block.toString("latin1", from, end);
}

/** A numeric field: octal digits, or base-256 (high bit of the first byte set) for large values. */
function number(block: Buffer, from: number, length: number, at: number): number {
  if (block[from]! & 0x80) {
    if (block[from] !== 0x80) throw new TarFormatError(`negative or oversized number in the header at byte ${at}`);
    let value = 0;
    for (let i = from + 1; i < from + length; i++) value = value * 256 + block[i]!;
    if (!Number.isSafeInteger(value)) throw new TarFormatError(`oversized number in the header at byte ${at}`);
    return value;
  }
  return octal(block, from, length, at);
}

function octal(block: Buffer, from: number, length: number, at: number): number {
  const text = field(block, from, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new TarFormatError(`malformed number in the header at byte ${at}`);
  return text === "" ? 0 : parseInt(text, 8);
}

/** The checksum as POSIX defines it: the header's bytes summed, its own field counted as spaces. */
function unsignedSum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += block[i]!;
  return sum;
}

/** Some old tars summed signed chars. */
function signedSum(block: Buffer): number {
  let sum = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) if (i < 148 || i >= 156) sum += (block[i]! << 24) >> 24;
  return sum;
}

function isZero(block: Buffer): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}
