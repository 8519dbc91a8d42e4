"use client";

import type { DrillRepositoriesView } from "@/lib/drills/drill-repository";

type Repositories = DrillRepositoriesView["repositories"];

/** "local (primary, posix)": a repository as the drill and verification choices name it. */
export const repositoryLabel = (r: Repositories[number]) => `${r.name} (${r.role === "primary" ? "primary" : "copy"}, ${r.kind})`;

/**
 * A choice among the cluster's repositories (the primary, its copies), for a drill or a
 * verification. Shown only when there is something to choose: a cluster with copy repositories.
 */
export function RepositoryChoice({
  id,
  label,
  repositories,
  value,
  onChange,
}: {
  id: string;
  label: string;
  repositories: Repositories;
  value: string;
  onChange: (repositoryId: string) => void;
}) {
  if (repositories.length < 2) return null;
  return (
    <label className="flex flex-col gap-1" htmlFor={id}>
      <span className="text-neutral-600">{label}</span>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="rounded border border-neutral-300 px-2 py-1.5">
        {repositories.map((r) => (
          <option key={r.repositoryId} value={r.repositoryId}>
            {repositoryLabel(r)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The repository a drill reads unless another is chosen: the one scheduled drills read, else the primary. */
export const defaultDrillRepository = (v: DrillRepositoriesView | undefined) =>
  v ? (v.drillsFrom ?? v.repositories.find((r) => r.role === "primary")?.repositoryId ?? "") : "";
