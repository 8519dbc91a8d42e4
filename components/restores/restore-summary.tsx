import Link from "next/link";
import type { RestoreView } from "@/lib/restores/restore-view";
import { formatEstimate } from "@/components/ui/format";
import { describeTarget } from "@/components/restores/restore-status";
import { Time } from "@/components/ui/time";

/** The facts of one restore: what it restores, from where, to where, for whom. */
export function RestoreSummary({ restore: r }: { restore: RestoreView }) {
  return (
    <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 rounded border border-neutral-200 bg-white px-3 py-2.5 text-sm">
      <Row term="Cluster">
        <Link href={`/clusters/${encodeURIComponent(r.clusterId)}`} className="text-sky-800 hover:underline">
          {r.clusterName}
        </Link>
      </Row>
      <Row term="Requested by">{r.requestedBy ?? "—"}</Row>
      <Row term="Requested">
        <Time iso={r.createdAt} />
      </Row>
      <Row term="Target">
        {describeTarget(r.target)}
        {r.pauseAtTarget ? <span className="text-neutral-500">, pausing there</span> : null}
        <span className="text-neutral-500">, timeline {r.timeline}</span>
        {r.targetLsn ? (
          <span className="text-neutral-500">
            , up to LSN <span className="font-mono text-xs">{r.targetLsn}</span>
          </span>
        ) : null}
      </Row>
      <Row term="Plan">{r.planReason}</Row>
      <Row term="Backup">
        {r.backupId ? (
          <Link href={`/backups/${encodeURIComponent(r.backupId)}`} className="font-mono text-xs text-sky-800 hover:underline">
            {r.backupId}
          </Link>
        ) : (
          "—"
        )}
      </Row>
      <Row term="Destination">
        New instance in <span className="font-mono text-xs break-all">{r.dataDir}</span>, port{" "}
        <span className="font-mono text-xs">{r.port}</span>
      </Row>
      <Row term="Estimated time">{formatEstimate(r.estimatedSeconds)}</Row>
      {r.reachedLsn ? (
        <Row term="Reached">
          LSN <span className="font-mono text-xs">{r.reachedLsn}</span>
        </Row>
      ) : null}
      {r.finishedAt ? (
        <Row term="Finished">
          <Time iso={r.finishedAt} />
        </Row>
      ) : null}
    </dl>
  );
}

function Row({ term, children }: { term: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-neutral-500">{term}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}
