-- Client-side encryption (docs/decisions/0015): an encrypted repository keeps its data key wrapped
-- by the installation's secret key. Encryption is chosen at creation and can never be turned off
-- (nor on) afterwards: the repository's objects are all of one kind.
ALTER TABLE "repositories" ADD COLUMN "encrypted" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "repositories" ADD COLUMN "data_key_wrapped" TEXT;
ALTER TABLE "repositories" ADD CONSTRAINT "repositories_encryption_key" CHECK ("encrypted" = ("data_key_wrapped" IS NOT NULL));

CREATE FUNCTION "repositories_encryption_fixed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."encrypted" <> OLD."encrypted" THEN
    RAISE EXCEPTION 'repository "%": encryption is chosen when a repository is created and cannot be changed', OLD."name";
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "repositories_encryption_fixed" BEFORE UPDATE OF "encrypted" ON "repositories"
  FOR EACH ROW EXECUTE FUNCTION "repositories_encryption_fixed"();
