import Link from "next/link";
import type { DumpView } from "@/lib/dumps/dump-view";
import { dumpPhaseLabel } from "@/components/dumps/dump-status";
import { JobProgress } from "@/components/jobs/job-progress";
import { StatusBadge } from "@/components/ui/status-badge";

/** A running dump: its phase, tables dumped so far, and bytes written into the repository. */
export function DumpProgress({ dump: d, measuredAt }: { dump: DumpView; measuredAt: number }) {
  return (
    <JobProgress
      id={`dump-progress-${d.id}`}
      title={`Dumping ${d.database}`}
      barLabel="Dump progress"
      header={
        <>
          <StatusBadge tone="blue">{dumpPhaseLabel(d.job?.phase)}</StatusBadge>
          <span className="tabular-nums">
            {d.tablesDumped} {d.tablesDumped === 1 ? "table" : "tables"} dumped
          </span>
          <Link href={`/dumps/${encodeURIComponent(d.id)}`} className="text-sky-800 hover:underline">
            Details
          </Link>
        </>
      }
      job={d.job}
      measuredAt={measuredAt}
    />
  );
}
