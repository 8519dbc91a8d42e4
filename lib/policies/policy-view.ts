import type { Policy } from "@/lib/db/generated/client";
import { nextRuns } from "@/lib/domain/cron-schedule";
import { SCHEDULE_FIELD, SCHEDULE_KINDS, type ScheduleKind } from "@/lib/domain/policy-input";

export interface ScheduleView {
  kind: ScheduleKind;
  cron: string;
  /** The next five runs, ISO times. */
  nextRuns: string[];
}

export interface PolicyView {
  id: string;
  name: string;
  timeZone: string;
  backupCron: string | null;
  backupDiffCron: string | null;
  backupIncrCron: string | null;
  verifyCron: string | null;
  drillCron: string | null;
  retentionCron: string | null;
  dumpCron: string | null;
  keepDaily: number;
  keepWeekly: number;
  keepMonthly: number;
  keepYearly: number;
  minComplete: number;
  dumpKeepDaily: number;
  dumpKeepWeekly: number;
  dumpKeepMonthly: number;
  dumpKeepYearly: number;
  dumpMinComplete: number;
  schedules: ScheduleView[];
  clusters: { id: string; name: string }[];
  updatedAt: string;
}

export function presentPolicy(p: Policy & { clusters: { id: string; name: string }[] }, now: Date): PolicyView {
  return {
    id: p.id,
    name: p.name,
    timeZone: p.timeZone,
    backupCron: p.backupCron,
    backupDiffCron: p.backupDiffCron,
    backupIncrCron: p.backupIncrCron,
    verifyCron: p.verifyCron,
    drillCron: p.drillCron,
    retentionCron: p.retentionCron,
    dumpCron: p.dumpCron,
    keepDaily: p.keepDaily,
    keepWeekly: p.keepWeekly,
    keepMonthly: p.keepMonthly,
    keepYearly: p.keepYearly,
    minComplete: p.minComplete,
    dumpKeepDaily: p.dumpKeepDaily,
    dumpKeepWeekly: p.dumpKeepWeekly,
    dumpKeepMonthly: p.dumpKeepMonthly,
    dumpKeepYearly: p.dumpKeepYearly,
    dumpMinComplete: p.dumpMinComplete,
    schedules: schedulesOf(p, now),
    clusters: p.clusters.map((c) => ({ id: c.id, name: c.name })),
    updatedAt: p.updatedAt.toISOString(),
  };
}

export function schedulesOf(
  p: Pick<
    Policy,
    "timeZone" | "backupCron" | "backupDiffCron" | "backupIncrCron" | "verifyCron" | "drillCron" | "retentionCron" | "dumpCron"
  >,
  now: Date,
): ScheduleView[] {
  return SCHEDULE_KINDS.flatMap((kind) => {
    const cron = p[SCHEDULE_FIELD[kind]];
    return cron ? [{ kind, cron, nextRuns: nextRuns(cron, p.timeZone, now, 5).map((d) => d.toISOString()) }] : [];
  });
}
