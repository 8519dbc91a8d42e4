"use client";

import { inputClass } from "@/components/ui/form-field";
import { buttonClass } from "@/components/ui/button-styles";

/** What the clusters page asks GET /api/v1/fleet for (lib/domain/fleet-input.ts); empty strings: no filter. */
export interface FleetFilter {
  name: string;
  alert: "" | "critical" | "warning" | "info" | "none";
  rpo: "" | "ok" | "behind" | "none";
  sort: "risk" | "name";
  page: number;
}

export const FLEET_PER_PAGE = 50;

export function fleetSearch(f: FleetFilter): string {
  const p = new URLSearchParams({ page: String(f.page), perPage: String(FLEET_PER_PAGE), sort: f.sort });
  if (f.name.trim()) p.set("name", f.name.trim());
  if (f.alert) p.set("alert", f.alert);
  if (f.rpo) p.set("rpo", f.rpo);
  return p.toString();
}

/** Filters and sort above the fleet table; any change goes back to the first page. */
export function FleetFilters({ value, onChange }: { value: FleetFilter; onChange: (f: FleetFilter) => void }) {
  const set = (patch: Partial<FleetFilter>) => onChange({ ...value, page: 1, ...patch });
  return (
    <div className="mb-3 flex flex-wrap items-end gap-3 text-sm" role="search" aria-label="Filter clusters">
      <div className="flex flex-col gap-1">
        <label htmlFor="fleet-name" className="text-neutral-600">
          Name contains
        </label>
        <input id="fleet-name" type="search" className={inputClass} value={value.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="fleet-alert" className="text-neutral-600">
          Worst open alert
        </label>
        <select
          id="fleet-alert"
          className={inputClass}
          value={value.alert}
          onChange={(e) => set({ alert: e.target.value as FleetFilter["alert"] })}
        >
          <option value="">Any</option>
          <option value="critical">Critical</option>
          <option value="warning">Warning</option>
          <option value="info">Info</option>
          <option value="none">No alerts</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="fleet-rpo" className="text-neutral-600">
          RPO
        </label>
        <select
          id="fleet-rpo"
          className={inputClass}
          value={value.rpo}
          onChange={(e) => set({ rpo: e.target.value as FleetFilter["rpo"] })}
        >
          <option value="">Any</option>
          <option value="behind">Behind target</option>
          <option value="none">Nothing recoverable</option>
          <option value="ok">On target</option>
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="fleet-sort" className="text-neutral-600">
          Sort
        </label>
        <select
          id="fleet-sort"
          className={inputClass}
          value={value.sort}
          onChange={(e) => set({ sort: e.target.value as FleetFilter["sort"] })}
        >
          <option value="risk">Most at risk first</option>
          <option value="name">Name</option>
        </select>
      </div>
    </div>
  );
}

export function FleetPager({ page, pages, total, onPage }: { page: number; pages: number; total: number; onPage: (page: number) => void }) {
  return (
    <nav aria-label="Cluster pages" className="mt-3 flex items-center gap-3 text-sm text-neutral-600">
      <button type="button" className={buttonClass("secondary")} disabled={page <= 1} onClick={() => onPage(page - 1)}>
        Previous
      </button>
      <span>
        Page {page} of {pages} · {total} cluster{total === 1 ? "" : "s"}
      </span>
      <button type="button" className={buttonClass("secondary")} disabled={page >= pages} onClick={() => onPage(page + 1)}>
        Next
      </button>
    </nav>
  );
}
