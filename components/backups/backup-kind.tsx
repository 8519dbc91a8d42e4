import Link from "next/link";
import type { BackupDetailView } from "@/lib/backups/backup-view";
import { BACKUP_KIND_LABEL, type BackupKindName } from "@/lib/domain/backup-kind";

/** "Full", "Differential" or "Incremental", as the backups list and backup page name a set. */
export function BackupKindLabel({ kind }: { kind: BackupKindName }) {
  return <span className={kind === "full" ? "text-neutral-900" : "text-violet-800"}>{BACKUP_KIND_LABEL[kind]}</span>;
}

/**
 * What a differential or incremental restores with: this backup → its parent → … → its full, each
 * a link to its page. A full restores alone.
 */
export function ParentChain({ backup: b }: { backup: Pick<BackupDetailView, "label" | "kind" | "parentChain"> }) {
  if (b.kind === "full") return <span className="text-neutral-600">Restores on its own.</span>;
  return (
    <ol className="flex flex-wrap items-center gap-x-1.5 gap-y-1" aria-label="Parent chain" data-testid="parent-chain">
      <li className="font-mono text-[0.8125rem]">
        {b.label} <span className="font-sans text-xs text-neutral-500">({BACKUP_KIND_LABEL[b.kind].toLowerCase()})</span>
      </li>
      {b.parentChain.map((p) => (
        <li key={p.id} className="flex items-center gap-1.5">
          <span aria-hidden="true" className="text-neutral-400">
            →
          </span>
          <Link href={`/backups/${encodeURIComponent(p.id)}`} className="font-mono text-[0.8125rem] text-sky-800 hover:underline">
            {p.label}
          </Link>
          <span className="text-xs text-neutral-500">({BACKUP_KIND_LABEL[p.kind].toLowerCase()})</span>
        </li>
      ))}
    </ol>
  );
}
