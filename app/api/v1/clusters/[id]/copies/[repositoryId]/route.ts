import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { getClusterCopies } from "@/lib/copies/copies-view";
import { removeCopyRepository } from "@/lib/copies/remove-copy-repository";
import { setCopyRetention } from "@/lib/copies/set-copy-retention";

/** Stops copying the cluster there; what was copied stays in the repository. */
export const DELETE = route("DELETE /api/v1/clusters/[id]/copies/[repositoryId]", async ({ app, params }) => {
  const clusterId = idParam(params, "The cluster");
  await removeCopyRepository(app.db, { clusterId, repositoryId: idParam(params, "The copy repository", "repositoryId") });
  return getClusterCopies(app.db, { clusterId, now: new Date() });
});

/** PATCH { policyId }: whose retention counts apply in this copy repository (null: the cluster's policy). */
export const PATCH = route("PATCH /api/v1/clusters/[id]/copies/[repositoryId]", async ({ app, params, body }) => {
  const clusterId = idParam(params, "The cluster");
  await setCopyRetention(app.db, {
    clusterId,
    repositoryId: idParam(params, "The copy repository", "repositoryId"),
    policyId: body.policyId,
  });
  return getClusterCopies(app.db, { clusterId, now: new Date() });
});
