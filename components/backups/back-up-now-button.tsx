"use client";

import { useState } from "react";
import { BACKUP_KIND_LABEL, kindsFor, type BackupEngineName, type BackupKindName } from "@/lib/domain/backup-kind";
import { buttonClass } from "@/components/ui/button-styles";
import type { useBackUpNow } from "@/components/backups/use-back-up-now";

/**
 * "Back up now": one button for a Wayback-engine cluster (its backups are always full); a
 * pgBackRest cluster's also offers the kind beside it (full, differential, incremental). Errors
 * show on the cluster page.
 */
export function BackUpNowButton({
  engine,
  backUp,
  busy,
}: {
  engine: BackupEngineName;
  backUp: ReturnType<typeof useBackUpNow>;
  /** A backup of this cluster is running. */
  busy: boolean;
}) {
  const [kind, setKind] = useState<BackupKindName>("full");
  const kinds = kindsFor(engine);
  return (
    <span className="inline-flex items-center gap-1">
      {kinds.length > 1 ? (
        <select
          aria-label="Backup kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as BackupKindName)}
          className="rounded border border-neutral-300 px-2 py-1.5 text-sm"
        >
          {kinds.map((k) => (
            <option key={k} value={k}>
              {BACKUP_KIND_LABEL[k]}
            </option>
          ))}
        </select>
      ) : null}
      <button
        type="button"
        className={buttonClass("primary")}
        onClick={() => backUp.mutate(kind)}
        disabled={busy || backUp.isPending}
        title={busy ? "A backup of this cluster is running." : undefined}
      >
        Back up now
      </button>
    </span>
  );
}
