-- A passphrase as an encrypted repository's key-encryption key (docs/decisions/0015): the data key
-- is then wrapped by scrypt(passphrase, salt), whose settings and salt are kept beside it, and the
-- passphrase itself is kept sealed by the installation's secret key so that jobs run unattended.
-- Both are set together, and only on an encrypted repository.
ALTER TABLE "repositories" ADD COLUMN "passphrase_kdf" TEXT;
ALTER TABLE "repositories" ADD COLUMN "passphrase_sealed" TEXT;
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_passphrase" CHECK (
  ("passphrase_kdf" IS NULL) = ("passphrase_sealed" IS NULL) AND ("passphrase_kdf" IS NULL OR "encrypted")
);
