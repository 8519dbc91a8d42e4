import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { encryptSecret } from "@/lib/crypto/secret-box";
import { OIDC_STATE_MAX_AGE_SECONDS, openPendingSignIn, sealPendingSignIn } from "./oidc-state";

const key = randomBytes(32);
const pending = { state: "s", nonce: "n", codeVerifier: "v" };

describe("the sealed pending sign-in", () => {
  it("opens to what was sealed, and hides the PKCE verifier from the browser", () => {
    const sealed = sealPendingSignIn({ ...pending, codeVerifier: "the-verifier" }, key, 1_000);
    expect(sealed).not.toContain("the-verifier");
    expect(openPendingSignIn(sealed, key, 2_000)).toEqual({ ...pending, codeVerifier: "the-verifier" });
  });

  it("is refused once too old, altered, sealed with another key or for another purpose, or missing", () => {
    const sealed = sealPendingSignIn(pending, key, 1_000);
    expect(openPendingSignIn(sealed, key, 1_000 + OIDC_STATE_MAX_AGE_SECONDS * 1000)).toBeNull();
    const [v, nonce, tag, body] = sealed.split(".");
    const flipped = Buffer.from(body!, "base64url");
    flipped[0]! ^= 1;
    expect(openPendingSignIn([v, nonce, tag, flipped.toString("base64url")].join("."), key, 2_000)).toBeNull();
    expect(openPendingSignIn(sealed, randomBytes(32), 2_000)).toBeNull();
    expect(openPendingSignIn(encryptSecret(JSON.stringify({ ...pending, expiresAt: 9e15 }), key, "cluster:x"), key, 2_000)).toBeNull();
    expect(openPendingSignIn(undefined, key)).toBeNull();
  });
});
