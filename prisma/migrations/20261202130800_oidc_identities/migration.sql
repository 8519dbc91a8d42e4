-- Single sign-on (issue 21, docs/decisions/0020): a user signed in through an OpenID provider is
-- found by the provider's issuer and subject, never by name. Such a user has no password: their
-- password_hash holds a value no password verifies against (lib/auth/oidc-sign-in.ts).
CREATE TABLE "oidc_identities" (
    "user_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "last_sign_in_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "oidc_identities_pkey" PRIMARY KEY ("user_id")
);
CREATE UNIQUE INDEX "oidc_identities_issuer_subject_key" ON "oidc_identities"("issuer", "subject");
ALTER TABLE "oidc_identities" ADD CONSTRAINT "oidc_identities_user_id_fkey"
    FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
