import Link from "next/link";
import type { VerificationResultView } from "@/lib/verification/verification-view";
import { DataTable } from "@/components/ui/data-table";
import { formatBytes, formatExactBytes } from "@/components/ui/format";
import { StatusBadge } from "@/components/ui/status-badge";

/** A verification's outcome per backup and per range of WAL segments: ok, or how many problems. */
export function VerificationResultsTable({ results }: { results: readonly VerificationResultView[] }) {
  return (
    <DataTable
      caption="Verification results"
      columns={[{ label: "Checked" }, { label: "Files", numeric: true }, { label: "Size", numeric: true }, { label: "Result" }]}
    >
      {results.map((r, i) => (
        <tr key={`${r.backupId ?? r.firstSegment}:${i}`} className="align-top">
          <td className="px-3 py-2">
            <Subject result={r} />
          </td>
          <td className="px-3 py-2 text-right tabular-nums">{r.files}</td>
          <td className="px-3 py-2 text-right tabular-nums whitespace-nowrap" title={formatExactBytes(r.bytes)}>
            {formatBytes(r.bytes)}
          </td>
          <td className="px-3 py-2 whitespace-nowrap">
            {r.findings === 0 ? (
              <StatusBadge tone="green">OK</StatusBadge>
            ) : (
              <StatusBadge tone="red">{`${r.findings} ${r.findings === 1 ? "problem" : "problems"}`}</StatusBadge>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

function Subject({ result: r }: { result: VerificationResultView }) {
  if (r.scope === "wal") {
    return (
      <span>
        WAL, timeline {r.timeline}: <span className="font-mono text-xs break-all">{r.firstSegment}</span> –{" "}
        <span className="font-mono text-xs break-all">{r.lastSegment}</span>
      </span>
    );
  }
  if (!r.backupId) return <span className="text-neutral-500">A backup since removed</span>;
  return (
    <span>
      Backup{" "}
      <Link href={`/backups/${encodeURIComponent(r.backupId)}`} className="font-mono text-xs text-sky-800 hover:underline">
        {r.backupLabel}
      </Link>
    </span>
  );
}
