import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { createRepository } from "@/lib/repositories/create-repository";
import { getRepository, listRepositories } from "@/lib/repositories/find-repositories";

export const GET = route("GET /api/v1/repositories", async ({ app }) => ({
  repositories: await listRepositories(app.db),
  allowedRoots: app.config.repoRoots,
}));

export const POST = route("POST /api/v1/repositories", async ({ app, body, audit }) => {
  const repo = await createRepository(app.db, { input: body, allowedRoots: app.config.repoRoots, secretKey: app.config.secretKey });
  audit({ targetId: repo.id });
  return NextResponse.json({ repository: await getRepository(app.db, repo.id) }, { status: 201 });
});
