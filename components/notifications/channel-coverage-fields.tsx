import type { UseFormRegisterReturn } from "react-hook-form";
import { SEVERITIES } from "@/lib/domain/notification-input";

/** Which alerts a channel receives: severities and clusters, as ticked boxes (shared by add and edit). */
export function ChannelCoverageFields({
  severities,
  clusterIds,
  clusters,
  errors,
}: {
  severities: UseFormRegisterReturn;
  clusterIds: UseFormRegisterReturn;
  clusters: readonly { id: string; name: string }[];
  errors: { severities?: string; clusterIds?: string };
}) {
  return (
    <>
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">Severities</legend>
        <div className="mt-1 flex gap-4 text-sm">
          {SEVERITIES.map((s) => (
            <label key={s} className="flex items-center gap-1.5">
              <input type="checkbox" value={s} className="size-4 accent-neutral-900" {...severities} />
              {s}
            </label>
          ))}
        </div>
        {errors.severities ? <p className="mt-1 text-sm text-red-700">{errors.severities}</p> : null}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-neutral-800">Clusters</legend>
        <p className="text-xs text-neutral-500">None ticked: every cluster, including ones added later.</p>
        <div className="mt-1 flex flex-wrap gap-4 text-sm">
          {clusters.map((c) => (
            <label key={c.id} className="flex items-center gap-1.5">
              <input type="checkbox" value={c.id} className="size-4 accent-neutral-900" {...clusterIds} />
              {c.name}
            </label>
          ))}
        </div>
        {errors.clusterIds ? <p className="mt-1 text-sm text-red-700">{errors.clusterIds}</p> : null}
      </fieldset>
    </>
  );
}
