"use client";

import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { useReadableRepositories, useSetDrillsFrom } from "@/components/drills/drill-queries";
import { RepositoryChoice } from "@/components/drills/repository-choice";

/**
 * Which repository the policy's scheduled drills restore from (and "Run drill" by default): the
 * primary, or a copy repository, so the offsite copy is proven to restore on a schedule.
 */
export function ScheduledDrillsFrom({ clusterId }: { clusterId: string }) {
  const readable = useReadableRepositories(clusterId);
  const set = useSetDrillsFrom(clusterId);
  const v = readable.data;
  if (!v || v.repositories.length < 2) return null;
  const primary = v.repositories.find((r) => r.role === "primary")?.repositoryId ?? "";
  return (
    <div className="space-y-1 text-sm">
      <RepositoryChoice
        id="scheduled-drills-from"
        label="Scheduled drills restore from"
        repositories={v.repositories}
        value={v.drillsFrom ?? primary}
        onChange={(id) => set.mutate(id === primary ? null : id)}
      />
      {set.isError ? <ErrorAlert title="The choice was not saved." message={errorMessage(set.error)} /> : null}
    </div>
  );
}
