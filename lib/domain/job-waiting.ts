/**
 * Why a job is not moving, when the reason is that no worker can take it: one bound to a host
 * (its files are there) with no live worker on that host — queued, or "running" on a worker that
 * died, which only a worker of the same host takes over — or a host-free job with no live worker
 * anywhere. Null when some live worker can take it, or it is finished. `liveHosts`: the hosts
 * with a live worker of this installation.
 */
export function jobWaitingFor(
  job: { status: "queued" | "running" | "succeeded" | "failed"; workerHost: string | null },
  liveHosts: ReadonlySet<string>,
): string | null {
  if (job.status !== "queued" && job.status !== "running") return null;
  if (job.workerHost === null) {
    // A running host-free job is being run (or will be taken over) as soon as any worker lives.
    return job.status === "queued" && liveHosts.size === 0 ? "waiting for a worker: none is running" : null;
  }
  if (liveHosts.has(job.workerHost)) return null;
  return `waiting for a worker on ${job.workerHost}`;
}
