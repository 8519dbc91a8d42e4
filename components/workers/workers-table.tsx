import Link from "next/link";
import type { WorkerView } from "@/lib/workers/worker-view";

const STATE_STYLE: Record<WorkerView["state"], string> = {
  live: "bg-emerald-50 text-emerald-800",
  stopped: "bg-neutral-100 text-neutral-700",
  gone: "bg-red-50 text-red-800",
};

export function WorkersTable({ workers }: { workers: WorkerView[] }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <caption className="sr-only">Workers</caption>
      <thead>
        <tr className="border-b border-neutral-200 text-left text-neutral-600">
          <th className="px-3 py-2 font-medium">Host</th>
          <th className="px-3 py-2 font-medium">State</th>
          <th className="px-3 py-2 font-medium">Version</th>
          <th className="px-3 py-2 font-medium">Queues</th>
          <th className="px-3 py-2 font-medium">Concurrency</th>
          <th className="px-3 py-2 font-medium">Running jobs</th>
          <th className="px-3 py-2 font-medium">Last heartbeat</th>
        </tr>
      </thead>
      <tbody>
        {workers.map((w) => (
          <tr key={w.id} className="border-b border-neutral-100 align-top">
            <td className="px-3 py-2">
              <div className="font-medium">{w.host}</div>
              <div className="text-xs text-neutral-500">{w.id}</div>
            </td>
            <td className="px-3 py-2">
              <span className={`rounded px-1.5 py-0.5 text-xs ${STATE_STYLE[w.state]}`}>{w.state}</span>
            </td>
            <td className="px-3 py-2">{w.version}</td>
            <td className="px-3 py-2 text-xs">{w.queues.join(", ")}</td>
            <td className="px-3 py-2">{w.concurrency}</td>
            <td className="px-3 py-2">
              {w.runningJobIds.length === 0
                ? "none"
                : w.runningJobIds.map((id) => (
                    <Link key={id} href={`/api/v1/jobs/${id}`} className="mr-2 text-blue-700 underline">
                      {id.slice(0, 8)}
                    </Link>
                  ))}
            </td>
            <td className="px-3 py-2">
              <time dateTime={w.lastHeartbeatAt} title={w.lastHeartbeatAt}>
                {new Date(w.lastHeartbeatAt).toLocaleTimeString()}
              </time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
