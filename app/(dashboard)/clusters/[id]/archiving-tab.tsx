"use client";

import { useTimeline } from "@/components/backups/backup-queries";
import { ArchivingPanel } from "@/components/clusters/archiving-panel";
import { CopiesPanel } from "@/components/copies/copies-panel";
import { SectionHeading } from "@/components/ui/section-heading";

/** The cluster page's "Archiving" section: what the timeline knows of the WAL archive, and the copies of it. */
export function ArchivingTab({
  clusterId,
  primaryRepositoryId,
  canManage,
}: {
  clusterId: string;
  primaryRepositoryId: string | null;
  canManage: boolean;
}) {
  const timeline = useTimeline(clusterId);
  return (
    <section aria-labelledby="archiving-heading">
      <SectionHeading id="archiving-heading">Archiving</SectionHeading>
      {timeline.data ? (
        <ArchivingPanel archive={timeline.data.archive} />
      ) : timeline.isError ? (
        <p className="text-sm text-neutral-500">Not available: the timeline did not load.</p>
      ) : (
        <p className="text-sm text-neutral-500">Loading…</p>
      )}
      <SectionHeading id="copies-heading">Copies</SectionHeading>
      <CopiesPanel clusterId={clusterId} primaryRepositoryId={primaryRepositoryId} canManage={canManage} />
    </section>
  );
}
