import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { getPolicy, listPolicies } from "@/lib/policies/find-policies";
import { savePolicy } from "@/lib/policies/save-policy";

export const GET = route("GET /api/v1/policies", async ({ app }) => ({ policies: await listPolicies(app.db) }));

export const POST = route("POST /api/v1/policies", async ({ app, body, audit }) => {
  const policy = await savePolicy(app.db, app.queue, { input: body });
  audit({ targetId: policy.id });
  return NextResponse.json({ policy: await getPolicy(app.db, policy.id) }, { status: 201 });
});
