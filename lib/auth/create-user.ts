import { Prisma } from "@/lib/db/generated/client";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors/app-error";
import { hashPassword } from "@/lib/auth/password";
import type { UserCreateInput } from "@/lib/domain/auth-input";

export async function createUser(db: Db, input: UserCreateInput): Promise<{ id: string }> {
  try {
    return await db.user.create({
      data: { username: input.username, passwordHash: await hashPassword(input.password), role: input.role },
      select: { id: true },
    });
  } catch (err) {
    // The unique index settles two admins adding the same name at once.
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
      throw new AppError("conflict", "That user name is taken.", { username: ["That user name is taken."] });
    }
    throw err;
  }
}
