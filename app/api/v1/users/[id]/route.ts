import { NextResponse } from "next/server";
import { changeUserRole } from "@/lib/auth/change-user-role";
import { getUser } from "@/lib/auth/find-users";
import { removeUser } from "@/lib/auth/remove-user";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

export const PATCH = route("PATCH /api/v1/users/[id]", async ({ app, params, body }) => {
  const id = idParam(params, "The user");
  await changeUserRole(app.db, { id, role: body.role });
  return { user: await getUser(app.db, id) };
});

export const DELETE = route("DELETE /api/v1/users/[id]", async ({ app, params }) => {
  await removeUser(app.db, { id: idParam(params, "The user") });
  return new NextResponse(null, { status: 204 });
});
