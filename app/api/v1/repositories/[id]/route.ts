import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { deleteRepository } from "@/lib/repositories/delete-repository";
import { getRepository } from "@/lib/repositories/find-repositories";
import { updateRepository } from "@/lib/repositories/update-repository";

export const GET = route("GET /api/v1/repositories/[id]", async ({ app, params }) => ({
  repository: await getRepository(app.db, idParam(params, "The repository")),
}));

export const PATCH = route("PATCH /api/v1/repositories/[id]", async ({ app, params, body }) => {
  const id = idParam(params, "The repository");
  await updateRepository(app.db, { id, input: body, secretKey: app.config.secretKey });
  return { repository: await getRepository(app.db, id) };
});

export const DELETE = route("DELETE /api/v1/repositories/[id]", async ({ app, params }) => {
  await deleteRepository(app.db, idParam(params, "The repository"));
  return new NextResponse(null, { status: 204 });
});
