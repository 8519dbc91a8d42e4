/**
 * Reading `pgbackrest info --output=json` (format 5, pgBackRest 2.45): a stanza's backup sets,
 * their chain (an incremental's parent is the set it was taken against, a differential's is its
 * full), sizes, LSNs, the WAL each set needs and the archive's WAL range per timeline. This is
 * what the catalog learns about a pgBackRest stanza; nothing else is read from its repository.
 */
import { z } from "zod";
import { formatLsn, parseLsn } from "./lsn";
import { isSegmentName, parseSegmentName, type SegmentId } from "./wal-segment";

export const PGBACKREST_BACKUP_KINDS = ["full", "diff", "incr"] as const;
export type PgBackRestBackupKind = (typeof PGBACKREST_BACKUP_KINDS)[number];

export interface PgBackRestSet {
  label: string;
  kind: PgBackRestBackupKind;
  /** The set this one was taken against (null for a full): expiring it expires this one too. */
  parentLabel: string | null;
  startedAt: Date;
  stoppedAt: Date;
  startLsn: string;
  stopLsn: string;
  timeline: number;
  /** WAL the set needs to be consistent, first and last segment. */
  walStart: SegmentId;
  walStop: SegmentId;
  /** Size of the database the set restores to. */
  databaseSizeBytes: bigint;
  /** What this set added to the repository (compressed), not counting the sets it references. */
  storedSizeBytes: bigint;
  /** pgBackRest found page checksum errors while copying. */
  error: boolean;
}

/** The archive's oldest and newest segment (each with its timeline; a range may cross timelines). */
export interface PgBackRestArchiveRange {
  min: SegmentId;
  max: SegmentId;
}

export interface PgBackRestStanza {
  name: string;
  /** 0 is ok; pgBackRest's own code and message otherwise (e.g. 1: missing stanza path). */
  status: { code: number; message: string };
  systemIdentifier: string | null;
  pgVersion: string | null;
  archive: PgBackRestArchiveRange[];
  /** Oldest first. */
  sets: PgBackRestSet[];
}

const segment = z.string().refine(isSegmentName, "not a WAL segment name");
const lsn = z.string().regex(/^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/, "not an LSN");
const bytes = z.number().int().nonnegative();

const backupSchema = z.object({
  label: z.string().min(1),
  type: z.enum(PGBACKREST_BACKUP_KINDS),
  prior: z.string().nullable(),
  error: z.boolean().optional(),
  archive: z.object({ start: segment, stop: segment }),
  lsn: z.object({ start: lsn, stop: lsn }),
  timestamp: z.object({ start: z.number().int(), stop: z.number().int() }),
  info: z.object({ size: bytes, repository: z.object({ delta: bytes }) }),
});

const stanzaSchema = z.object({
  name: z.string().min(1),
  status: z.object({ code: z.number().int(), message: z.string() }),
  // Kept as text by parsePgBackRestInfo: the identifier does not fit a JavaScript number.
  db: z.array(z.object({ "system-id": z.string(), version: z.string() })),
  archive: z.array(z.object({ min: segment.nullable(), max: segment.nullable() })),
  backup: z.array(backupSchema),
});

/** Parses the whole JSON answer (one entry per stanza asked for). Throws on anything else. */
export function parsePgBackRestInfo(text: string): PgBackRestStanza[] {
  // The 64-bit system identifier is printed as a bare number: quote it before JSON.parse rounds it.
  const quoted = text.replace(/"system-id":\s*(\d+)/g, '"system-id":"$1"');
  let raw: unknown;
  try {
    raw = JSON.parse(quoted);
  } catch (err) {
    throw new Error(`pgbackrest info did not answer JSON: ${(err as Error).message}`, { cause: err });
  }
  const parsed = z.array(stanzaSchema).safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`pgbackrest info answered an unexpected shape at ${issue?.path.join(".")}: ${issue?.message}`);
  }
  return parsed.data.map(toStanza);
}

function toStanza(s: z.infer<typeof stanzaSchema>): PgBackRestStanza {
  const db = s.db.at(-1);
  return {
    name: s.name,
    status: s.status,
    systemIdentifier: db?.["system-id"] ?? null,
    pgVersion: db?.version ?? null,
    archive: s.archive.flatMap((a) => {
      if (!a.min || !a.max) return [];
      return [{ min: parseSegmentName(a.min), max: parseSegmentName(a.max) }];
    }),
    sets: s.backup.map(toSet).sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime()),
  };
}

function toSet(b: z.infer<typeof backupSchema>): PgBackRestSet {
  const walStart = parseSegmentName(b.archive.start);
  return {
    label: b.label,
    kind: b.type,
    parentLabel: b.type === "full" ? null : b.prior,
    startedAt: new Date(b.timestamp.start * 1000),
    stoppedAt: new Date(b.timestamp.stop * 1000),
    startLsn: formatLsn(parseLsn(b.lsn.start)),
    stopLsn: formatLsn(parseLsn(b.lsn.stop)),
    timeline: walStart.timeline,
    walStart,
    walStop: parseSegmentName(b.archive.stop),
    databaseSizeBytes: BigInt(b.info.size),
    storedSizeBytes: BigInt(b.info.repository.delta),
    error: b.error ?? false,
  };
}

/** The sets `label` needs to restore, itself first and its full last. */
export function setChain(sets: readonly PgBackRestSet[], label: string): PgBackRestSet[] {
  const byLabel = new Map(sets.map((s) => [s.label, s]));
  const chain: PgBackRestSet[] = [];
  for (let s = byLabel.get(label); s; s = s.parentLabel ? byLabel.get(s.parentLabel) : undefined) chain.push(s);
  return chain;
}
