"use client";

import type { ClusterView } from "@/lib/clusters/cluster-view";
import { useTimeline } from "@/components/backups/backup-queries";
import { ArchivingPanel } from "@/components/clusters/archiving-panel";
import { CopiesPanel } from "@/components/copies/copies-panel";
import { ImportStanzaForm } from "@/components/pgbackrest/import-stanza-form";
import { StanzaPanel } from "@/components/pgbackrest/stanza-panel";
import { SectionHeading } from "@/components/ui/section-heading";

/**
 * The cluster page's "Archiving" section: what the timeline knows of the WAL archive, a pgBackRest
 * cluster's stanza and archive_command (for admins on a Wayback-engine cluster, importing an
 * existing stanza instead), and the copies of the archive.
 */
export function ArchivingTab({ cluster: c, canManage }: { cluster: ClusterView; canManage: boolean }) {
  const timeline = useTimeline(c.id);
  return (
    <section aria-labelledby="archiving-heading">
      <SectionHeading id="archiving-heading">Archiving</SectionHeading>
      {timeline.data ? (
        <ArchivingPanel archive={timeline.data.archive} waybackCommands={c.engine === "wayback"} />
      ) : timeline.isError ? (
        <p className="text-sm text-neutral-500">Not available: the timeline did not load.</p>
      ) : (
        <p className="text-sm text-neutral-500">Loading…</p>
      )}
      {c.engine === "pgbackrest" || canManage ? (
        <section aria-labelledby="pgbackrest-heading" className="my-6">
          <SectionHeading id="pgbackrest-heading">pgBackRest</SectionHeading>
          {c.engine === "pgbackrest" ? <StanzaPanel clusterId={c.id} /> : <ImportStanzaForm clusterId={c.id} />}
        </section>
      ) : null}
      <SectionHeading id="copies-heading">Copies</SectionHeading>
      <CopiesPanel clusterId={c.id} primaryRepositoryId={c.repositoryId} canManage={canManage} />
    </section>
  );
}
