import { NextResponse } from "next/server";
import { createCluster } from "@/lib/clusters/create-cluster";
import { getCluster, listClusters } from "@/lib/clusters/find-clusters";
import { route } from "@/app/api/api-route";
import { enqueueJob } from "@/lib/queue/enqueue-job";
import { presentJob } from "@/lib/jobs/job-view";

export const GET = route("GET /api/v1/clusters", async ({ app }) => ({ clusters: await listClusters(app.db) }));

// Registering a cluster checks it at once: the readiness list is what the user wants to see next.
export const POST = route("POST /api/v1/clusters", async ({ app, body, audit }) => {
  const { id } = await createCluster(app.db, { input: body, secretKey: app.config.secretKey });
  audit({ targetId: id });
  const job = await enqueueJob(app.db, app.queue, "cluster.check", { clusterId: id });
  return NextResponse.json({ cluster: await getCluster(app.db, id), job: presentJob(job) }, { status: 201 });
});
