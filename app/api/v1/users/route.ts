import { NextResponse } from "next/server";
import { createUser } from "@/lib/auth/create-user";
import { getUser, listUsers } from "@/lib/auth/find-users";
import { route } from "@/app/api/api-route";

export const GET = route("GET /api/v1/users", async ({ app }) => ({ users: await listUsers(app.db) }));

export const POST = route("POST /api/v1/users", async ({ app, body, audit }) => {
  const { id } = await createUser(app.db, body);
  audit({ targetId: id });
  return NextResponse.json({ user: await getUser(app.db, id) }, { status: 201 });
});
