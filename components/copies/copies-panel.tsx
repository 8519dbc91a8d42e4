"use client";

import { useState } from "react";
import { BackupCopiesTable } from "@/components/copies/backup-copies-table";
import { useChangeCopies, useClusterCopies } from "@/components/copies/copies-queries";
import { CopyRetentionSelect } from "@/components/copies/copy-retention-select";
import { usePolicies } from "@/components/policies/policy-queries";
import { useRepositories } from "@/components/repositories/repository-queries";
import { buttonClass } from "@/components/ui/button-styles";
import { DataTable } from "@/components/ui/data-table";
import { formatDuration } from "@/components/ui/format";

/**
 * The cluster's copy repositories: each one's retention, backups, dumps and WAL lag behind the
 * primary, each backup's copies (with the reason a copy failed), and (for admins) adding or
 * removing one and choosing its retention.
 */
export function CopiesPanel({
  clusterId,
  primaryRepositoryId,
  canManage,
}: {
  clusterId: string;
  primaryRepositoryId: string | null;
  canManage: boolean;
}) {
  const copies = useClusterCopies(clusterId);
  const repositories = useRepositories();
  const policies = usePolicies();
  const change = useChangeCopies(clusterId);
  const [chosen, setChosen] = useState("");
  const [chosenPolicy, setChosenPolicy] = useState<string | null>(null);
  if (!copies.data)
    return <p className="text-sm text-neutral-500">{copies.isError ? "Not available: copies did not load." : "Loading…"}</p>;
  const { repositories: targets, backupCopies } = copies.data;
  const addable = (repositories.data?.repositories ?? []).filter(
    (r) => r.id !== primaryRepositoryId && !targets.some((t) => t.repositoryId === r.id),
  );
  return (
    <div className="space-y-3">
      {targets.length === 0 ? (
        <p className="text-sm text-neutral-600">
          No copy repository: every backup and WAL segment lives only in the primary repository. Add one on other storage (an S3 bucket, or
          a directory mounted from another machine) so a copy survives losing the worker&apos;s host.
        </p>
      ) : (
        <DataTable
          caption="Copy repositories"
          columns={[
            { label: "Repository" },
            { label: "Retention" },
            { label: "Backups copied", numeric: true },
            { label: "Dumps copied", numeric: true },
            { label: "WAL behind" },
            canManage && { label: "Remove", hidden: true },
          ]}
        >
          {targets.map((t) => (
            <tr key={t.repositoryId}>
              <td className="px-3 py-2">
                {t.name} <span className="text-xs text-neutral-500">({t.kind})</span>
              </td>
              <td className="px-3 py-2">
                {canManage ? (
                  <CopyRetentionSelect
                    label={`Retention in ${t.name}`}
                    value={t.policy?.id ?? ""}
                    policies={policies.data ?? []}
                    disabled={change.isPending}
                    onChange={(policyId) => change.mutate({ retention: { repositoryId: t.repositoryId, policyId } })}
                  />
                ) : (
                  (t.policy?.name ?? "the cluster's policy")
                )}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                {t.backups.complete} of {t.backups.of}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">
                {t.dumps.complete} of {t.dumps.of}
              </td>
              <td className="px-3 py-2">
                {t.walLag.segments === 0 ? "up to date" : `${t.walLag.segments} segment(s), ${formatDuration(t.walLag.seconds * 1000)}`}
              </td>
              {canManage ? (
                <td className="px-3 py-2 text-right">
                  <button
                    type="button"
                    className={buttonClass("secondary")}
                    disabled={change.isPending}
                    onClick={() => change.mutate({ remove: t.repositoryId })}
                  >
                    Remove {t.name}
                  </button>
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {backupCopies.length > 0 ? <BackupCopiesTable copies={backupCopies} repositories={targets} /> : null}
      {canManage ? (
        <form
          className="flex flex-wrap items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (chosen) change.mutate({ add: { repositoryId: chosen, policyId: chosenPolicy } }, { onSuccess: () => setChosen("") });
          }}
        >
          <label className="text-sm">
            <span className="block text-neutral-700">Copy to repository</span>
            <select
              className="mt-1 rounded border border-neutral-300 px-2 py-1.5"
              value={chosen}
              onChange={(e) => setChosen(e.target.value)}
            >
              <option value="">Choose a repository…</option>
              {addable.map((r) => (
                <option key={r.id} value={r.id}>
                  {r.name}
                </option>
              ))}
            </select>
          </label>
          <label className="text-sm">
            <span className="block text-neutral-700">Retention there</span>
            <span className="mt-1 block">
              <CopyRetentionSelect
                label="Retention in the new copy repository"
                value={chosenPolicy ?? ""}
                policies={policies.data ?? []}
                onChange={setChosenPolicy}
              />
            </span>
          </label>
          <button type="submit" className={buttonClass("primary")} disabled={!chosen || change.isPending}>
            Add copy repository
          </button>
        </form>
      ) : null}
      {change.error ? (
        <p className="text-sm text-red-800" role="alert">
          {change.error.message}
        </p>
      ) : null}
    </div>
  );
}
