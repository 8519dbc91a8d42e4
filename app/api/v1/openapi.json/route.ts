import { route } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/openapi-document";

export const GET = route("GET /api/v1/openapi.json", async () => openApiDocument());
