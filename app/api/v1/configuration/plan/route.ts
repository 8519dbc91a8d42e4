import { route } from "@/app/api/api-route";
import { applyConfiguration } from "@/lib/configuration/apply-configuration";
import { parseConfigText } from "@/lib/configuration/config-yaml";

export const POST = route("POST /api/v1/configuration/plan", async ({ app, body }) =>
  applyConfiguration(app.db, app.queue, {
    document: parseConfigText(body.document),
    secrets: body.secrets,
    prune: body.prune,
    dryRun: true,
    allowedRoots: app.config.repoRoots,
    secretKey: app.config.secretKey,
  }),
);
