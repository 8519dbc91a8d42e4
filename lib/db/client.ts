import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/db/generated/client";

export type Db = PrismaClient;
/** The client or a transaction: verbs that only read and write rows accept either. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

// Prisma's defaults (2 s to get a connection, 5 s for the whole transaction) are for web
// requests on an idle host. The catalog's transactions are short, but a worker host busy with
// compression and restores can stall them for seconds: failing a backup's bookkeeping then costs
// far more than waiting. A hung transaction still ends, and says so.
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 60_000 };

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }), transactionOptions: TRANSACTION_OPTIONS });
}
