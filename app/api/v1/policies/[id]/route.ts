import { NextResponse } from "next/server";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { deletePolicy } from "@/lib/policies/delete-policy";
import { getPolicy } from "@/lib/policies/find-policies";
import { savePolicy } from "@/lib/policies/save-policy";

export const GET = route("GET /api/v1/policies/[id]", async ({ app, params }) => ({ policy: await getPolicy(app.db, policyId(params)) }));

export const PUT = route("PUT /api/v1/policies/[id]", async ({ app, params, body }) => {
  const policy = await savePolicy(app.db, app.queue, { id: policyId(params), input: body });
  return { policy: await getPolicy(app.db, policy.id) };
});

export const DELETE = route("DELETE /api/v1/policies/[id]", async ({ app, params }) => {
  await deletePolicy(app.db, policyId(params));
  return new NextResponse(null, { status: 204 });
});

const policyId = (params: Record<string, string>) => idParam(params, "The policy");
