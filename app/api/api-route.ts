import { ROUTE_RULES } from "@/app/api/route-rules";
import { routeWith } from "@/lib/http/route";

/** `route("POST /api/v1/…", handler)`: every /api/v1 handler, wrapped with its rule from the table. */
export const route = routeWith(ROUTE_RULES);
