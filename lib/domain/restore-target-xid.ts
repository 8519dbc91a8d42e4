/** recovery_target_xid as a user writes it: a 32-bit xid or an epoch-qualified xid8. */

const XID32_MAX = 0xffffffffn;
/** Epoch-qualified (xid8) values: epoch << 32 | xid, below 2^63 as PostgreSQL's FullTransactionId. */
const XID8_MAX = (1n << 63n) - 1n;
const FIRST_NORMAL_XID = 3n;

/**
 * recovery_target_xid. PostgreSQL reads it with strtou64(…, 0) and keeps the low 32 bits, so an
 * epoch-qualified xid8 (as txid_current() / pg_current_xact_id() print) is accepted too and means
 * its 32-bit xid; a leading 0 would make PostgreSQL read octal, so it is refused.
 */
export function xidOf(text: string): { xid: bigint; epoch: bigint } {
  const value = BigInt(text);
  return { xid: value & XID32_MAX, epoch: value >> 32n };
}

/** Why `text` is not a transaction id PostgreSQL would accept, or null. */
export function checkXid(text: string): string | null {
  if (!/^\d+$/.test(text)) return "A transaction id is a whole number written in digits, e.g. 7418323.";
  if (text.length > 1 && text.startsWith("0")) {
    return "Write the transaction id without leading zeros: PostgreSQL would read 0123 as an octal number.";
  }
  const value = BigInt(text);
  if (value > XID8_MAX) return "A transaction id is at most 4294967295, or an epoch-qualified xid8 below 2^63.";
  const { xid } = xidOf(text);
  if (xid < FIRST_NORMAL_XID) {
    return value <= XID32_MAX
      ? "Transaction ids 0, 1 and 2 are reserved by PostgreSQL; a real transaction id is 3 or more."
      : `The epoch-qualified id ${text} names xid ${xid}, which is reserved; a real transaction id is 3 or more.`;
  }
  return null;
}
