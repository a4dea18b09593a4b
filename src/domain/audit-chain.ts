import { createHash } from 'node:crypto';

/**
 * The audit hash chain. Each entry's hash covers its canonical content (every column a reader
 * sees, its position in the chain and the previous entry's hash), so changing, deleting or
 * reordering any entry breaks every hash after it.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  chain_seq: number;
  prev_hash: string;
  recorded_at: string;
  actor_id: string | null;
  actor_name: string;
  on_behalf_of: string | null;
  action: string;
  target_type: string;
  target_id: string;
  partner_id: string | null;
  customer_id: string | null;
  before_state: string | null;
  after_state: string | null;
}

/** A fixed-order JSON array: no key ordering or whitespace question can change the bytes. */
export function canonicalAuditContent(e: ChainedContent): string {
  return JSON.stringify([
    Number(e.chain_seq), e.prev_hash, e.recorded_at, e.actor_id, e.actor_name, e.on_behalf_of, e.action,
    e.target_type, e.target_id, e.partner_id, e.customer_id, e.before_state, e.after_state,
  ]);
}

export function auditEntryHash(e: ChainedContent): string {
  return createHash('sha256').update(canonicalAuditContent(e)).digest('hex');
}

export interface ChainBreak {
  id: number;
  chainSeq: number | null;
  reason: string;
}

/**
 * Checks a run of entries in chain order, continuing from `prev` (the last good hash and seq).
 * Returns the first broken entry, or the state to continue from.
 */
export function checkChainSegment(
  rows: ReadonlyArray<ChainedContent & { id: number; hash: string | null }>,
  prev: { seq: number; hash: string },
): { broken: ChainBreak; checked: number } | { prev: { seq: number; hash: string } } {
  let last = prev;
  let checked = 0;
  for (const row of rows) {
    const seq = Number(row.chain_seq);
    if (seq !== last.seq + 1) return { broken: { id: row.id, chainSeq: seq, reason: `expected chain position ${last.seq + 1}, found ${seq} (an entry is missing or was moved)` }, checked };
    if (row.prev_hash !== last.hash) return { broken: { id: row.id, chainSeq: seq, reason: 'its previous-hash does not match the hash of the entry before it' }, checked };
    const expected = auditEntryHash(row);
    if (row.hash !== expected) return { broken: { id: row.id, chainSeq: seq, reason: 'its content does not match its hash (the entry was changed)' }, checked };
    last = { seq, hash: row.hash };
    checked += 1;
  }
  return { prev: last };
}
