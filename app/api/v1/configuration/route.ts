import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { configToYaml } from "@/lib/configuration/config-yaml";
import { exportConfiguration } from "@/lib/configuration/export-configuration";

export const GET = route("GET /api/v1/configuration", async ({ app, req }) => {
  const configuration = await exportConfiguration(app.db, { oidc: app.config.oidc });
  if (!(req.headers.get("accept") ?? "").includes("application/yaml")) return { configuration };
  return new NextResponse(configToYaml(configuration), { headers: { "content-type": "application/yaml; charset=utf-8" } });
});
