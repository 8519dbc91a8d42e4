import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { appContext } from "@/lib/app-context";
import type { SessionUser } from "@/lib/domain/roles";
import { resolveSession, SESSION_COOKIE } from "@/lib/auth/session";

/** For server pages: the signed-in user, or null. */
export async function currentPageUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return resolveSession(appContext().db, token);
}

/** For server pages that need a signed-in user: everything but /login. */
export async function requirePageUser(): Promise<SessionUser> {
  const user = await currentPageUser();
  if (!user) redirect("/login");
  return user;
}
