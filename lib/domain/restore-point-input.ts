import { z } from "zod";
import { noControlCharacters } from "./text-input";

// PostgreSQL keeps restore point names in a 64-byte buffer (MAXFNAMELEN), NUL included.
export const restorePointInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Name the restore point, e.g. before-migration-42.")
    .refine((v) => new TextEncoder().encode(v).length <= 63, "PostgreSQL limits restore point names to 63 bytes.")
    .refine(...noControlCharacters("name")),
});
export type RestorePointInput = z.infer<typeof restorePointInput>;
