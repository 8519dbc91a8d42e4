import path from "node:path";
import { NextResponse } from "next/server";
import { route } from "@/app/api/api-route";
import { checkReadiness } from "@/lib/metrics/check-readiness";

// `next start` runs in the checkout: its migrations are the ones this version applies.
const MIGRATIONS_DIR = path.join(process.cwd(), "prisma", "migrations");

export const GET = route("GET /readyz", async ({ app }) => {
  const { ready, checks } = await checkReadiness({ db: app.db, queue: app.queue, migrationsDir: MIGRATIONS_DIR });
  return NextResponse.json(
    { status: ready ? "ready" : "not ready", checks },
    { status: ready ? 200 : 503, headers: { "cache-control": "no-store" } },
  );
});
