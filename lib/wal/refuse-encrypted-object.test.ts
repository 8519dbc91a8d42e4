import { randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import { buffer } from "node:stream/consumers";
import { describe, expect, it } from "vitest";
import { encryptStream } from "@/lib/crypto/encrypt-stream";
import { refuseEncryptedObject } from "@/lib/wal/refuse-encrypted-object";

const through = async (bytes: Buffer) => buffer(Readable.from(refuseEncryptedObject("WAL file 00000002.history")(Readable.from([bytes]))));

describe("refuseEncryptedObject", () => {
  it("passes WAL and history files through unchanged", async () => {
    const history = Buffer.from("1\t0/3000000\tno recovery target specified\n");
    expect((await through(history)).equals(history)).toBe(true);
    const segment = Buffer.concat([Buffer.from([0x10, 0xd1, 0x02, 0x00]), randomBytes(8192)]);
    expect((await through(segment)).equals(segment)).toBe(true);
  });

  it("fails on an object of an encrypted repository, saying what to do instead", async () => {
    const sealed = await buffer(Readable.from([Buffer.from("1\t0/3000000\tx\n")]).pipe(encryptStream(randomBytes(32))));
    await expect(through(sealed)).rejects.toThrow(/WAL file 00000002.history is stored encrypted .* restore with Wayback's restore job/);
  });
});
