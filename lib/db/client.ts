import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "@/lib/db/generated/client";

export type Db = PrismaClient;
/** The client or a transaction: verbs that only read and write rows accept either. */
export type DbClient = PrismaClient | Prisma.TransactionClient;

export function createDb(databaseUrl: string): Db {
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
}
