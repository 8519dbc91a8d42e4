import type { Repository as RepositoryRow } from "@/lib/db/generated/client";
import { createPosixRepository } from "@/lib/repo/posix";
import type { Repository } from "@/lib/repo/repository";

export function openRepository(row: Pick<RepositoryRow, "kind" | "path">): Repository {
  switch (row.kind) {
    case "posix":
      return createPosixRepository(row.path);
  }
}
