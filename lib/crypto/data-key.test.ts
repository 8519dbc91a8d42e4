import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { keyIdOf, newDataKey, unwrapDataKey, wrapDataKey } from "@/lib/crypto/data-key";

describe("repository data keys", () => {
  const kek = randomBytes(32);

  it("wrap and unwrap under the key-encryption key, bound to the repository", () => {
    const dataKey = newDataKey();
    const wrapped = wrapDataKey(dataKey, kek, "repo-1");
    expect(wrapped).not.toContain(dataKey.toString("base64"));
    expect(unwrapDataKey(wrapped, kek, "repo-1").equals(dataKey)).toBe(true);
    expect(() => unwrapDataKey(wrapped, kek, "repo-2")).toThrow(/WAYBACK_SECRET_KEY/);
    expect(() => unwrapDataKey(wrapped, randomBytes(32), "repo-1")).toThrow(/WAYBACK_SECRET_KEY/);
  });

  it("key ids tell keys apart and reveal nothing of them", () => {
    const [a, b] = [newDataKey(), newDataKey()];
    expect(keyIdOf(a)).toHaveLength(8);
    expect(keyIdOf(a).equals(keyIdOf(Buffer.from(a)))).toBe(true);
    expect(keyIdOf(a).equals(keyIdOf(b))).toBe(false);
    expect(a.includes(keyIdOf(a))).toBe(false);
  });
});
