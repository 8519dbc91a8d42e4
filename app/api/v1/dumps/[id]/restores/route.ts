import { NextResponse } from "next/server";
import { hasRole } from "@/lib/domain/roles";
import { getDumpRestore } from "@/lib/dumps/find-dumps";
import { requestDumpRestore } from "@/lib/dumps/request-dump-restore";
import { AppError } from "@/lib/errors/app-error";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

// Into a new database (operators), or over an existing one with clean and its name typed (admins).
export const POST = route("POST /api/v1/dumps/[id]/restores", async ({ app, params, body, user, audit }) => {
  if (body.clean && !hasRole(user.role, "admin"))
    throw new AppError("forbidden", "Restoring over an existing database (clean) needs the admin role.");
  const restore = await requestDumpRestore(app.db, app.queue, { dumpId: idParam(params, "The dump"), input: body, userId: user.id });
  audit({ targetId: restore.id });
  return NextResponse.json({ restore: await getDumpRestore(app.db, restore.id) }, { status: 202 });
});
