import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "@/lib/crypto/secret-box";

const key = randomBytes(32);

describe("secret box", () => {
  it("round-trips and never contains the plaintext", () => {
    const secret = "s3cret pässword; DROP TABLE x; $(touch /tmp/pwned)";
    const box = encryptSecret(secret, key, "cluster:1");
    expect(box).not.toContain(secret);
    expect(box).not.toContain(Buffer.from(secret).toString("base64url"));
    expect(decryptSecret(box, key, "cluster:1")).toBe(secret);
  });

  it("uses a fresh nonce each time", () => {
    expect(encryptSecret("same", key)).not.toBe(encryptSecret("same", key));
  });

  it("refuses another key, another context, and altered ciphertext", () => {
    const box = encryptSecret("secret", key, "cluster:1");
    expect(() => decryptSecret(box, randomBytes(32), "cluster:1")).toThrow(/not the key/);
    expect(() => decryptSecret(box, key, "cluster:2")).toThrow(/not the key/);
    const parts = box.split(".");
    const body = Buffer.from(parts[3]!, "base64url");
    body[0]! ^= 1;
    parts[3] = body.toString("base64url");
    expect(() => decryptSecret(parts.join("."), key, "cluster:1")).toThrow(/altered/);
    expect(() => decryptSecret("garbage", key)).toThrow(/envelope/);
  });
});
