import type { MonitoringView } from "@/lib/monitor/get-monitoring";
import { formatBytes, formatRate } from "@/components/ui/format";
import { Sparkline } from "@/components/ui/sparkline";
import { Time } from "@/components/ui/time";

/** What the monitor saw last: the archiver's counters, the WAL position and rate, the slot's lag. */
export function MonitorSummary({ monitoring }: { monitoring: MonitoringView }) {
  const s = monitoring.samples[monitoring.samples.length - 1];
  if (!s) {
    return (
      <p className="text-sm text-neutral-500">
        {monitoring.intervalMs > 0
          ? "The monitor has not looked at this cluster yet."
          : "Monitoring is off (WAYBACK_MONITOR_INTERVAL_MS=0)."}
      </p>
    );
  }
  if (!s.reachable) {
    return (
      <p className="text-sm text-red-800">
        Last look <Time iso={s.takenAt} />: the server could not be reached ({s.error}).
      </p>
    );
  }
  const rows: [string, React.ReactNode][] = [
    ["Last look", <Time key="t" iso={s.takenAt} />],
    [
      "Writing WAL segment",
      <span key="c" className="font-mono">
        {s.currentSegment ?? "—"}
      </span>,
    ],
    ["WAL write rate", s.walBytesPerSec === null ? "—" : formatRate(s.walBytesPerSec)],
    [
      "Newest segment in the archive",
      <span key="a" className="font-mono">
        {s.archiveNewestSegment ?? "none yet"}
      </span>,
    ],
    ["archive_mode", s.archiveMode ?? "—"],
    [
      "PostgreSQL archiver",
      s.archiveMode === "off" ? (
        "off"
      ) : (
        <span key="p">
          {s.archivedCount} archived (last {s.lastArchivedWal ?? "—"} at <Time iso={s.lastArchivedAt} />
          ), {s.failedCount} failed
          {s.lastFailedWal ? (
            <>
              {" "}
              (last {s.lastFailedWal} at <Time iso={s.lastFailedAt} />)
            </>
          ) : null}
        </span>
      ),
    ],
    ["Receiver", s.receiverState ?? "—"],
    ["Slot lag", s.slotLagBytes === null ? "—" : formatBytes(s.slotLagBytes)],
  ];
  const samples = monitoring.samples;
  return (
    <div className="space-y-2">
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 rounded border border-neutral-200 bg-white px-3 py-2 text-sm">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-neutral-500">{k}</dt>
            <dd className="min-w-0 break-words">{v}</dd>
          </div>
        ))}
      </dl>
      <Sparkline label="WAL write rate" values={samples.map((x) => x.walBytesPerSec)} format={formatRate} />
      <Sparkline label="Slot lag" values={samples.map((x) => x.slotLagBytes)} format={formatBytes} />
    </div>
  );
}
