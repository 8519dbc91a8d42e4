/**
 * Where things live in a repository; the same keys on disk and S3:
 *
 *   <cluster-id>/backup/<backup-id>/...                           files of one base backup
 *   <cluster-id>/wal/<TLI><LOG>/<segment>[.<compression>]          WAL segments, .partial, .backup
 *   <cluster-id>/wal/<timeline>.history                            timeline history files
 *   <cluster-id>/dump/<dump-id>/...                                logical dumps
 */
import { InvalidKeyError, validateKey } from "./repository";

/** A WAL segment (TTTTTTTTXXXXXXXXYYYYYYYY), optionally a `.partial` segment or a `.backup` label. */
const WAL_FILE = /^[0-9A-F]{24}(\.partial|\.[0-9A-F]{8}\.backup)?$/;
const HISTORY_FILE = /^[0-9A-F]{8}\.history$/;
const COMPRESSION = /^[a-z0-9]{1,8}$/;
const WAL_KEY = /^([^/]+)\/wal\/([0-9A-F]{16})\/([0-9A-F]{24}(?:\.partial|\.[0-9A-F]{8}\.backup)?)(?:\.([a-z0-9]{1,8}))?$/;

function segment(value: string, what: string): string {
  if (value.includes("/")) throw new InvalidKeyError(value, `a ${what} must not contain '/'`);
  return validateKey(value);
}

/** `<cluster>/`: everything a cluster has in the repository. */
export function clusterPrefix(clusterId: string): string {
  return `${segment(clusterId, "cluster id")}/`;
}

/** `<cluster>/backup/<backup>/` */
export function backupPrefix(clusterId: string, backupId: string): string {
  return `${clusterPrefix(clusterId)}backup/${segment(backupId, "backup id")}/`;
}

/** `<cluster>/dump/<dump>/` */
export function dumpPrefix(clusterId: string, dumpId: string): string {
  return `${clusterPrefix(clusterId)}dump/${segment(dumpId, "dump id")}/`;
}

/** `<cluster>/wal/`: every WAL file and history file of a cluster. */
export function walPrefix(clusterId: string): string {
  return `${clusterPrefix(clusterId)}wal/`;
}

/**
 * `<cluster>/wal/<TLI><LOG>/<segment>[.<compression>]`, where TLI+LOG are the first 16 characters
 * of the name. Accepts segment names, `.partial` segments and `.backup` labels, as archive_command
 * receives them.
 */
export function walKey(clusterId: string, segmentName: string, compression?: string): string {
  if (!WAL_FILE.test(segmentName)) {
    throw new InvalidKeyError(segmentName, "not a WAL file name (24 upper-case hex digits, optionally .partial or .<offset>.backup)");
  }
  if (compression !== undefined && (!COMPRESSION.test(compression) || compression === "partial" || compression === "backup")) {
    throw new InvalidKeyError(compression, "a compression extension is 1 to 8 lower-case letters or digits, not partial or backup");
  }
  const key = `${walPrefix(clusterId)}${segmentName.slice(0, 16)}/${segmentName}${compression ? `.${compression}` : ""}`;
  return validateKey(key);
}

/** `<cluster>/wal/<timeline>.history`, next to the per-log folders. */
export function historyKey(clusterId: string, historyName: string): string {
  if (!HISTORY_FILE.test(historyName)) {
    throw new InvalidKeyError(historyName, "not a timeline history file name (8 upper-case hex digits + .history)");
  }
  return validateKey(`${walPrefix(clusterId)}${historyName}`);
}

export interface ParsedWalKey {
  clusterId: string;
  /** The file name PostgreSQL knows, e.g. 000000010000000A000000FF (or .partial / .backup). */
  segmentName: string;
  compression: string | null;
}

/** The inverse of walKey(); null when `key` is not a WAL key (history files included). */
export function parseWalKey(key: string): ParsedWalKey | null {
  const m = WAL_KEY.exec(key);
  if (!m) return null;
  const [, clusterId, folder, segmentName, compression] = m as unknown as [string, string, string, string, string | undefined];
  if (segmentName.slice(0, 16) !== folder || compression === "partial" || compression === "backup") return null;
  return { clusterId, segmentName, compression: compression ?? null };
}
