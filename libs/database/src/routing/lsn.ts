/**
 * PostgreSQL WAL positions (`pg_lsn`, printed as `16/B374D848`): parsed to bigint for comparison
 * and arithmetic, and written as 16 fixed-width hex digits where they are stored as text (Redis),
 * so that comparing the text compares the positions.
 */
export type Lsn = bigint;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;
const STORED = /^[0-9A-F]{16}$/;

/** `16/B374D848` → bigint; null for NULL (the function's answer on a server that is not in recovery). */
export function parseLsn(text: string | null | undefined): Lsn | null {
  if (text === null || text === undefined) return null;
  const match = LSN_TEXT.exec(text);
  if (!match) throw new Error(`not a WAL position: ${text}`);
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** bigint → `16/B374D848`, as PostgreSQL prints it. */
export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** bigint → 16 hex digits: the stored form, ordered as text. */
export function storedLsn(lsn: Lsn): string {
  return lsn.toString(16).toUpperCase().padStart(16, '0');
}

export function fromStoredLsn(text: string | null): Lsn {
  if (text === null) return 0n;
  if (!STORED.test(text)) throw new Error(`not a stored WAL position: ${text}`);
  return BigInt(`0x${text}`);
}

export function maxLsn(a: Lsn, b: Lsn): Lsn {
  return a > b ? a : b;
}
