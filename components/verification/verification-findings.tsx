import type { VerificationFindingView } from "@/lib/verification/verification-view";
import { DataTable } from "@/components/ui/data-table";
import { StatusBadge } from "@/components/ui/status-badge";
import { findingKindLabel } from "@/components/verification/verification-status";

/** What a verification found: each problem with its file (repository key) and what is wrong. */
export function VerificationFindingsTable({
  findings,
  total,
  caption,
}: {
  findings: readonly VerificationFindingView[];
  total: number;
  caption: string;
}) {
  return (
    <div className="space-y-1">
      <DataTable caption={caption} columns={[{ label: "Where" }, { label: "File" }, { label: "Problem" }, { label: "What is wrong" }]}>
        {findings.map((f, i) => (
          <tr key={`${f.path}:${f.kind}:${i}`} className="align-top">
            <td className="px-3 py-2 whitespace-nowrap">{f.scope === "backup" ? "Backup" : "WAL archive"}</td>
            <td className="max-w-md px-3 py-2 font-mono text-xs break-all">{f.path}</td>
            <td className="px-3 py-2 whitespace-nowrap">
              <StatusBadge tone="red">{findingKindLabel(f.kind)}</StatusBadge>
            </td>
            <td className="max-w-xl px-3 py-2 break-words whitespace-pre-wrap">{f.message}</td>
          </tr>
        ))}
      </DataTable>
      {total > findings.length ? (
        <p className="text-xs text-neutral-500">
          Showing the first {findings.length} of {total} problems.
        </p>
      ) : null}
    </div>
  );
}
