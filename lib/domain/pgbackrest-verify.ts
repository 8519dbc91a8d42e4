/**
 * Reading `pgbackrest verify --output=text --verbose` (2.45). It exits 0 whatever it finds, so the
 * answer is in the text: a status line, a line per archive id and per backup set with counts
 * under each, and (console log level info) an INFO line naming each bad file.
 *
 *   P01   INFO: invalid checksum '20261202-161728F/pg_data/base/5/112.zst'
 *   status: error
 *     backup: 20261202-161728F, status: invalid, total files checked: 977, total valid files: 976
 *       missing: 0, checksum invalid: 1, size invalid: 0, other: 0
 */
import type { FindingKind, VerificationFinding } from "./archive-verification";

export interface PgBackRestVerifyResult {
  ok: boolean;
  /** Set label → "valid", or what pgBackRest called it ("invalid"). */
  sets: Map<string, string>;
  /** What pgBackRest found wrong, one line each: a bad file with why, or a non-zero count. */
  problems: string[];
}

const STATUS_LINE = /(?:^|INFO: )\s*status: (\w+)\s*$/;
const SET_LINE = /backup: (\S+), status: (\w+),/;
const ARCHIVE_LINE = /archiveId: (\S+),/;
const BAD_FILE_LINE = /INFO: ([a-z ]+) '([^']+)'\s*$/;
const COUNT = /(missing|checksum invalid|size invalid|other): (\d+)/g;

export function parsePgBackRestVerify(output: string): PgBackRestVerifyResult {
  const sets = new Map<string, string>();
  const problems: string[] = [];
  let status: string | null = null;
  let under = "";
  // Console lines carry the summary once in the log and once on stdout: read the first copy.
  for (const line of output.split("\n")) {
    const bad = BAD_FILE_LINE.exec(line);
    if (bad) {
      problems.push(`${bad[2]}: ${bad[1]}`);
      continue;
    }
    const st = STATUS_LINE.exec(line);
    if (st) {
      if (status !== null) break;
      status = st[1]!;
      continue;
    }
    const set = SET_LINE.exec(line);
    if (set) {
      sets.set(set[1]!, set[2]!);
      under = `backup ${set[1]}`;
      continue;
    }
    const archive = ARCHIVE_LINE.exec(line);
    if (archive) {
      under = `archive ${archive[1]}`;
      continue;
    }
    for (const [, what, n] of line.matchAll(COUNT)) if (Number(n) > 0) problems.push(`${under}: ${what} ${n}`);
  }
  if (status === null) throw new Error("pgbackrest verify printed no status line (it needs --output=text --verbose).");
  const allValid = [...sets.values()].every((s) => s === "valid");
  return { ok: status === "ok" && allValid, sets, problems };
}

/**
 * What verify found, as Wayback's verification findings: a problem under a set's directory (or a
 * set's count line) belongs to that set's backup, anything else to the WAL archive. A failed
 * status with nothing named still fails the verification.
 */
export function pgBackRestFindings(result: PgBackRestVerifyResult, backupIdOf: ReadonlyMap<string, string>): VerificationFinding[] {
  const findings = result.problems.map((problem): VerificationFinding => {
    const cut = problem.lastIndexOf(": ");
    const where = problem.slice(0, cut);
    const why = problem.slice(cut + 2);
    const label = where.startsWith("backup ") ? where.slice("backup ".length) : where.split("/")[0]!;
    const backupId = backupIdOf.get(label) ?? null;
    return { scope: backupId ? "backup" : "wal", backupId, path: where, kind: findingKind(why), message: `pgBackRest verify: ${why}` };
  });
  if (!result.ok && findings.length === 0) {
    findings.push({
      scope: "wal",
      backupId: null,
      path: "",
      kind: "verifybackup",
      message: "pgBackRest verify reported an error without naming a file.",
    });
  }
  return findings;
}

function findingKind(why: string): FindingKind {
  if (why.includes("missing")) return "missing";
  if (why.includes("checksum")) return "checksum";
  if (why.includes("size")) return "size";
  return "verifybackup";
}
