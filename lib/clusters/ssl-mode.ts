import type { SslMode } from "@/lib/domain/cluster-input";
import type { SslMode as DbSslMode } from "@/lib/db/generated/client";

// libpq spells two modes with a hyphen, which a Prisma enum cannot; the catalog maps them.
export const toDbSslMode = (m: SslMode): DbSslMode => m.replace("-", "_") as DbSslMode;
