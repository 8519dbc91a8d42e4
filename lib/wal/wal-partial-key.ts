import { isSegmentName } from "@/lib/domain/wal-segment";
import { clusterPrefix } from "@/lib/storage/layout";
import { InvalidKeyError, validateKey } from "@/lib/storage/repository";

/**
 * `<cluster>/wal-partial/<segment>`: the segment the streaming receiver is still receiving, as last
 * uploaded. Outside `<cluster>/wal/` on purpose: nothing that lists, copies, verifies or expires
 * the archive's segments ever sees it, so it can never be taken for a complete segment.
 */
export function walPartialKey(clusterId: string, segmentName: string): string {
  if (!isSegmentName(segmentName)) throw new InvalidKeyError(segmentName, "not a WAL segment name (24 upper-case hex digits)");
  return validateKey(`${clusterPrefix(clusterId)}wal-partial/${segmentName}`);
}
