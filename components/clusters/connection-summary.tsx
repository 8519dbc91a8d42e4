import type { ClusterView } from "@/lib/clusters/cluster-view";
import { DatabaseHosts } from "@/components/clusters/database-hosts";

/**
 * user@host:port/database · sslmode · whether a password is saved (never the password itself);
 * with standbys, every database host and its role.
 */
export function ConnectionSummary({ cluster }: { cluster: ClusterView }) {
  return (
    <>
      <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
        <span className="font-mono text-[0.8125rem] text-neutral-800">
          {cluster.username}@{cluster.host}:{cluster.port}/{cluster.database}
        </span>
        <span>
          sslmode <span className="font-mono text-[0.8125rem] text-neutral-800">{cluster.sslmode}</span>
        </span>
        <span>{cluster.hasPassword ? "password saved" : "no password saved"}</span>
      </span>
      <DatabaseHosts cluster={cluster} />
    </>
  );
}
