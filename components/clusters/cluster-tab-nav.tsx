import Link from "next/link";
import type { LucideIcon } from "lucide-react";
import {
  DatabaseBackup,
  FileDown,
  FlaskConical,
  History,
  LayoutDashboard,
  ListChecks,
  RadioTower,
  RotateCcw,
  ScrollText,
} from "lucide-react";
import { CLUSTER_TABS, clusterTabHref, type ClusterTab } from "@/components/clusters/cluster-tabs";

const ICONS: Record<ClusterTab, LucideIcon> = {
  overview: LayoutDashboard,
  backups: DatabaseBackup,
  restores: RotateCcw,
  "what-happened": History,
  drills: FlaskConical,
  dumps: FileDown,
  policy: ScrollText,
  archiving: RadioTower,
  readiness: ListChecks,
};

/**
 * The cluster page's section bar: links (not buttons), so each section has its own URL that can
 * be shared, reloaded and opened in a new tab. The current one is marked with aria-current.
 */
export function ClusterTabNav({ clusterId, current }: { clusterId: string; current: ClusterTab }) {
  return (
    <nav aria-label="Cluster sections" className="mb-4 overflow-x-auto border-b border-neutral-200">
      <ul className="flex min-w-max gap-1 text-sm">
        {CLUSTER_TABS.map((t) => {
          const Icon = ICONS[t.id];
          const active = t.id === current;
          return (
            <li key={t.id}>
              <Link
                href={clusterTabHref(clusterId, t.id)}
                scroll={false}
                aria-current={active ? "page" : undefined}
                className={`-mb-px flex items-center gap-1.5 border-b-2 px-3 py-2 font-medium ${
                  active
                    ? "border-sky-700 text-sky-900"
                    : "border-transparent text-neutral-600 hover:border-neutral-300 hover:text-neutral-900"
                }`}
              >
                <Icon aria-hidden="true" className="size-4" />
                {t.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
