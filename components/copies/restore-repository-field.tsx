"use client";

import type { UseFormRegisterReturn } from "react-hook-form";
import type { RankedRepository } from "@/lib/domain/restore-repository";
import { useClusterCopies } from "@/components/copies/copies-queries";
import { FormField, inputClass } from "@/components/ui/form-field";
import { formatRate } from "@/components/ui/format";

/**
 * The restore form's "Read from": offered once the cluster has copy repositories. Empty: the
 * fastest repository that holds the backup and the WAL to the target; the dry run's ranking
 * (`ranked`, fastest first) names that one and says why, and which repositories lack the target.
 */
export function RestoreRepositoryField({
  clusterId,
  ranked,
  chosen,
  error,
  registration,
}: {
  clusterId: string;
  ranked: readonly RankedRepository[] | null;
  /** The form's value: kept as an option while no ranking lists it (before the first dry run answers). */
  chosen: string;
  error: string | undefined;
  registration: UseFormRegisterReturn<"repositoryId">;
}) {
  const copies = useClusterCopies(clusterId);
  if ((copies.data?.repositories ?? []).length === 0) return null;
  const fastest = ranked?.find((r) => r.covers) ?? null;
  return (
    <FormField
      id="restore-repository"
      label="Read from"
      error={error}
      hint={
        fastest
          ? `Default: ${fastest.name}, the fastest that holds the backup and the WAL to the target (${fastest.speedReason}).`
          : "A repository serves only when it holds the chosen backup and every WAL segment up to the target."
      }
      className="max-w-xl"
    >
      {(a) => (
        <select {...a} className={inputClass} {...registration}>
          <option value="">The fastest that holds the target{fastest ? ` (${fastest.name})` : ""}</option>
          {chosen && !ranked?.some((r) => r.repositoryId === chosen) ? <option value={chosen}>The chosen repository</option> : null}
          {(ranked ?? []).map((r) => (
            <option key={r.repositoryId} value={r.repositoryId}>
              {r.name} ({r.role === "primary" ? "primary" : "copy"}, {r.kind}, {r.speed.basis === "measured" ? "" : "about "}
              {formatRate(r.speed.bytesPerSecond)}){r.covers ? "" : " — lacks the target"}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
