import type { BackupFrom } from "@/lib/db/generated/client";
import type { HostWish } from "@/lib/domain/database-hosts";

/** The API's spelling (libpq's prefer-standby) to the catalog's enum (prefer_standby). */
export const toDbBackupFrom = (w: HostWish): BackupFrom => (w === "prefer-standby" ? "prefer_standby" : w);
