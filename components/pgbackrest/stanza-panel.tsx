"use client";

import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { CopyButton } from "@/components/ui/copy-button";
import { useClusterStanza } from "@/components/pgbackrest/stanza-queries";

/**
 * A pgBackRest cluster's stanza: its name, the config every pgBackRest command reads, and the
 * exact archive_command the database server needs (PostgreSQL runs it as written).
 */
export function StanzaPanel({ clusterId }: { clusterId: string }) {
  const stanza = useClusterStanza(clusterId);
  if (!stanza.data) {
    return stanza.isError ? (
      <ErrorAlert title="Could not load the stanza." message={errorMessage(stanza.error)} />
    ) : (
      <p className="text-sm text-neutral-500">Loading…</p>
    );
  }
  const s = stanza.data;
  return (
    <div className="space-y-3 rounded border border-neutral-200 bg-white px-4 py-3 text-sm">
      <dl className="grid grid-cols-[10rem_minmax(0,1fr)] gap-x-4 gap-y-1">
        <dt className="text-neutral-500">Stanza</dt>
        <dd className="font-mono">{s.stanza}</dd>
        <dt className="text-neutral-500">Config</dt>
        <dd className="break-all">
          <span className="font-mono">{s.configPath}</span>{" "}
          <span className="text-xs text-neutral-500">
            {s.imported ? "(imported: its owner's, only read)" : "(written by Wayback before the first backup)"}
          </span>
        </dd>
      </dl>
      <div>
        <p className="mb-1 text-neutral-800">Set this archive_command on the database server (postgresql.conf), then reload it:</p>
        <div className="flex flex-wrap items-center gap-2">
          <code data-testid="archive-command" className="break-all rounded bg-neutral-100 px-2 py-1 font-mono text-[0.8125rem]">
            {s.archiveCommand}
          </code>
          <CopyButton text={s.archiveCommand} label="Copy the archive_command" />
        </div>
      </div>
    </div>
  );
}
