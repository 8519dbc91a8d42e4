import { route } from "@/app/api/api-route";
import { openApiDocument } from "@/app/api/openapi-document";

export const GET = route("GET /api/v1/openapi.json", async () => openApiDocument());
