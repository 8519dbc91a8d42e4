import { z } from "zod";
import { noControlCharacters } from "./text-input";

/**
 * A repository path must be absolute, plain (no "..", ".", empty segments) and inside one of the
 * roots the operator allowed (WAYBACK_REPO_ROOTS): the dashboard must not become a way to make
 * the worker write anywhere on its host. Symbolic links are resolved when the repository is created
 * (lib/repositories/create-repository.ts) and again by the worker before writing.
 */
export function isInsideRoots(p: string, roots: readonly string[]): boolean {
  return roots.some((root) => {
    const r = root.endsWith("/") ? root : `${root}/`;
    return p === root || p.startsWith(r);
  });
}

export const repositoryPath = z
  .string()
  .trim()
  .min(1, "Enter the directory that will hold backups and WAL.")
  .max(1000, "Keep the path under 1000 characters.")
  .refine((p) => p.startsWith("/"), "Use an absolute path, e.g. /var/lib/wayback/repo.")
  .refine(...noControlCharacters("path"))
  .refine((p) => !p.includes("\\"), "The path cannot contain backslashes.")
  .refine(
    (p) =>
      p === "/" ||
      p
        .replace(/\/$/, "")
        .split("/")
        .slice(1)
        .every((s) => s !== "" && s !== "." && s !== ".."),
    "Write the path without '..', '.' or doubled slashes.",
  )
  .transform((p) => (p.length > 1 && p.endsWith("/") ? p.slice(0, -1) : p));

export const repositoryInput = z.object({
  name: z
    .string()
    .trim()
    .min(1, "Give the repository a name.")
    .max(100, "Keep the name to 100 characters or fewer.")
    .refine(...noControlCharacters("name")),
  kind: z.literal("posix", { error: "Only posix (a directory on the worker's host) is available for now." }).default("posix"),
  path: repositoryPath,
});
export type RepositoryInput = z.infer<typeof repositoryInput>;
