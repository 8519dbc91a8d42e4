-- The receiver says at once when storing fails (issue 19): `store_failing` while pg_receivewal
-- still receives but completed segments cannot be stored in the repository (the error in
-- last_error), and the last failed upload of the partial segment with its time, cleared by the
-- next upload that works.
ALTER TYPE "ReceiverState" ADD VALUE 'store_failing';
ALTER TABLE "wal_receivers" ADD COLUMN "partial_error" TEXT;
ALTER TABLE "wal_receivers" ADD COLUMN "partial_failed_at" TIMESTAMPTZ(3);
