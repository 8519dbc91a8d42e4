"use client";

import type { RepositoryView } from "@/lib/repositories/repository-view";
import { errorMessage } from "@/components/ui/api";
import { ErrorAlert } from "@/components/ui/alert";
import { DeleteRepositoryDialog } from "@/components/repositories/delete-repository-dialog";
import { PageHeader } from "@/components/ui/page-header";
import { RepositoryForm } from "@/components/repositories/repository-form";
import { useRepositories } from "@/components/repositories/repository-queries";
import { DataTable } from "@/components/ui/data-table";
import { RepositoryTestResult, TestRepositoryButton } from "@/components/repositories/test-repository-button";
import { S3KeyDialog } from "@/components/repositories/s3-key-dialog";
import { PassphraseDialog } from "@/components/repositories/passphrase-dialog";

export function RepositoriesClient({ canManage, canTest }: { canManage: boolean; canTest: boolean }) {
  const repositories = useRepositories();

  return (
    <>
      <PageHeader
        title="Repositories"
        summary="Where backups and archived WAL are stored: a directory on the worker's host or an S3 bucket. Test checks that a worker can write, list, read and delete there."
      />
      <div className="space-y-6">
        {repositories.isError ? <ErrorAlert title="Could not load the repositories." message={errorMessage(repositories.error)} /> : null}
        {repositories.isPending ? (
          <p className="text-sm text-neutral-500">Loading repositories…</p>
        ) : repositories.data && repositories.data.repositories.length === 0 ? (
          <div className="rounded border border-dashed border-neutral-300 bg-white px-4 py-8 text-center text-sm text-neutral-600">
            <p className="font-medium text-neutral-800">No repositories yet.</p>
            <p className="mt-1">{canManage ? "Add one below before backing up a cluster." : "An admin can add repositories."}</p>
          </div>
        ) : repositories.data ? (
          <RepositoriesTable repositories={repositories.data.repositories} canManage={canManage} canTest={canTest} />
        ) : null}

        {canManage && repositories.data ? <RepositoryForm allowedRoots={repositories.data.allowedRoots} /> : null}
      </div>
    </>
  );
}

function RepositoriesTable({
  repositories,
  canManage,
  canTest,
}: {
  repositories: readonly RepositoryView[];
  canManage: boolean;
  canTest: boolean;
}) {
  return (
    <DataTable
      caption="Repositories"
      columns={[
        { label: "Name" },
        { label: "Kind" },
        { label: "Location" },
        { label: "Test" },
        { label: "Clusters", numeric: true },
        { label: "Backups", numeric: true },
        (canManage || canTest) && { label: "Actions", hidden: true },
      ]}
    >
      {repositories.map((r) => (
        <tr key={r.id} className="align-top hover:bg-neutral-50">
          <td className="px-3 py-2 font-medium">{r.name}</td>
          <td className="px-3 py-2 font-mono text-xs">
            {r.kind}
            {r.encrypted ? <span className="ml-2 rounded bg-neutral-100 px-1.5 py-0.5 font-sans text-neutral-700">encrypted</span> : null}
          </td>
          <td className="px-3 py-2 font-mono text-xs break-all text-neutral-700">{r.location}</td>
          <td className="max-w-md px-3 py-2">
            <RepositoryTestResult repository={r} />
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{r.clusterCount}</td>
          <td className="px-3 py-2 text-right tabular-nums">{r.backupCount}</td>
          {canManage || canTest ? (
            <td className="space-y-2 px-3 py-2 text-right">
              {canTest ? <TestRepositoryButton repository={r} /> : null}
              {canManage && r.kind === "s3" ? <S3KeyDialog repository={r} /> : null}
              {canManage && r.keyProtection === "passphrase" ? <PassphraseDialog repository={r} /> : null}
              {canManage ? <DeleteRepositoryDialog repository={r} /> : null}
            </td>
          ) : null}
        </tr>
      ))}
    </DataTable>
  );
}
