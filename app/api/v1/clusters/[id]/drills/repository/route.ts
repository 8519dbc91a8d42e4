import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { drillRepositories, setDrillsFrom } from "@/lib/drills/drill-repository";

export const GET = route("GET /api/v1/clusters/[id]/drills/repository", async ({ app, params }) =>
  drillRepositories(app.db, idParam(params, "The cluster")),
);

// PUT { repositoryId }: drills asked for without a repository (scheduled ones) read this copy; null: the primary.
export const PUT = route("PUT /api/v1/clusters/[id]/drills/repository", async ({ app, params, body }) =>
  setDrillsFrom(app.db, { clusterId: idParam(params, "The cluster"), repositoryId: body.repositoryId }),
);
