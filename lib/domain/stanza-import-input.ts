import { z } from "zod";
import { isStanzaName } from "./pgbackrest-config";
import { noControlCharacters } from "./text-input";

// The config path goes into the archive_command Wayback shows, which PostgreSQL runs through a
// shell: only characters a shell reads literally.
const SHELL_SAFE_PATH = /^\/[A-Za-z0-9_./-]+$/;

/** POST /api/v1/clusters/:id/pgbackrest-stanza: an existing stanza to take over (decision 0029). */
export const stanzaImportInput = z.object({
  configPath: z
    .string()
    .trim()
    .min(1, "Enter the path of the stanza's pgbackrest.conf on the worker's host.")
    .max(1000, "Keep the path under 1000 characters.")
    .refine(...noControlCharacters("path"))
    .refine(
      (p) => SHELL_SAFE_PATH.test(p) && !p.split("/").includes(".."),
      "Use an absolute path of letters, digits, '.', '_', '-' and '/' (no '..'), e.g. /etc/pgbackrest/pgbackrest.conf.",
    ),
  stanzaName: z
    .string()
    .trim()
    .min(1, "Enter the stanza's name, as in its [section] of the config.")
    .refine(isStanzaName, "A stanza name has letters, digits, '-' and '_' (at most 63), starting with a letter or digit."),
});
export type StanzaImportInput = z.infer<typeof stanzaImportInput>;
