"use client";

import { useAlertCounts } from "@/components/alerts/alert-queries";
import { NavLink } from "@/components/ui/nav-link";

/** "Alerts" in the top bar, with the number of open (unacknowledged) alerts; red when one is critical. */
export function AlertsNavLink() {
  const counts = useAlertCounts();
  const open = counts.data?.open ?? 0;
  const critical = (counts.data?.critical ?? 0) > 0;
  return (
    <NavLink href="/alerts">
      Alerts
      {open > 0 ? (
        <span
          data-testid="open-alert-count"
          className={`ml-1.5 rounded-full px-1.5 py-0.5 text-xs font-semibold tabular-nums ${critical ? "bg-red-600 text-white" : "bg-amber-400 text-neutral-900"}`}
        >
          {open}
          <span className="sr-only"> open</span>
        </span>
      ) : null}
    </NavLink>
  );
}
