import { Readable } from "node:stream";
import { idParam } from "@/lib/http/params";
import { route } from "@/app/api/api-route";
import { missingRowsCsv } from "@/lib/table-restores/missing-rows-csv";

// The rows a live table lacks, streamed as CSV (?table=schema.name).
export const GET = route("GET /api/v1/clusters/[id]/table-restores/[tableRestoreId]/diff.csv", async ({ app, params, query }) => {
  const { fileName, body } = await missingRowsCsv(app.db, {
    clusterId: idParam(params, "The cluster"),
    id: idParam(params, "The table restore", "tableRestoreId"),
    table: query.table,
    secretKey: app.config.secretKey,
  });
  return new Response(Readable.toWeb(body) as ReadableStream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName.replace(/[^\w.-]/g, "_")}"`,
    },
  });
});
