import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { addCopyRepository } from "@/lib/copies/add-copy-repository";
import { getClusterCopies } from "@/lib/copies/copies-view";

export const GET = route("GET /api/v1/clusters/[id]/copies", async ({ app, params }) =>
  getClusterCopies(app.db, { clusterId: idParam(params, "The cluster"), now: new Date() }),
);

/** POST { repositoryId, policyId? }: the cluster's backups, dumps and WAL are copied there from the next copy run on. */
export const POST = route("POST /api/v1/clusters/[id]/copies", async ({ app, params, body }) => {
  const clusterId = idParam(params, "The cluster");
  await addCopyRepository(app.db, { clusterId, repositoryId: body.repositoryId, policyId: body.policyId });
  return NextResponse.json(await getClusterCopies(app.db, { clusterId, now: new Date() }), { status: 201 });
});
