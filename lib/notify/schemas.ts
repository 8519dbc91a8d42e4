import { z } from "zod";

/** GET /api/v1/notification-channels/:id/deliveries */
export const listDeliveriesQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
