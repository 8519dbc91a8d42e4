import { NextResponse } from "next/server";
import { getClusterStanza } from "@/lib/clusters/cluster-stanza";
import { getCluster } from "@/lib/clusters/find-clusters";
import { importClusterStanza } from "@/lib/clusters/import-cluster-stanza";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";

// The stanza and the archive_command to set on the database server.
export const GET = route("GET /api/v1/clusters/[id]/pgbackrest", async ({ app, params }) => ({
  stanza: await getClusterStanza(app.db, idParam(params, "The cluster"), app.config.spoolDir),
}));

// "Import a pgBackRest stanza": the cluster takes over an existing stanza, read only.
export const POST = route("POST /api/v1/clusters/[id]/pgbackrest", async ({ app, params, body }) => {
  const id = idParam(params, "The cluster");
  const { backups } = await importClusterStanza(app.db, { clusterId: id, input: body, osUser: app.config.pg.osUser });
  return NextResponse.json(
    { cluster: await getCluster(app.db, id), stanza: await getClusterStanza(app.db, id, app.config.spoolDir), backups },
    { status: 201 },
  );
});
