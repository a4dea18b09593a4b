import { checkChainSegment, GENESIS_HASH, type ChainBreak } from '../domain/audit-chain.ts';
import { forbidden } from '../domain/errors.ts';
import { decideAuditRead, type Actor } from '../domain/policy.ts';
import type { Db } from '../store/database.ts';
import type { AppContext } from './context.ts';

export interface AuditQuery {
  customerId?: string;
  /** A reservation, order or any other target id. */
  targetId?: string;
  targetType?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit: number;
  offset: number;
}

export interface AuditEntryView {
  id: number; sequence: number | null; recordedAt: string; actorId: string | null; actorName: string; onBehalfOf: string | null;
  action: string; targetType: string; targetId: string; partnerId: string | null; customerId: string | null;
  before: unknown; after: unknown; previousHash: string | null; hash: string | null;
}

function requireReader(actor: Actor): void {
  const d = decideAuditRead(actor);
  if (!d.allowed) throw forbidden('AuthorizationFailed', d.reason ?? 'You may not read the audit log.');
}

function filtered(db: Db, actor: Actor, q: Omit<AuditQuery, 'limit' | 'offset'>) {
  let query = db.selectFrom('audit_log');
  // A partner reads its own entries only; the provider operator reads all.
  if (actor.kind === 'partner') query = query.where('partner_id', '=', actor.partnerId);
  if (q.customerId) query = query.where('customer_id', '=', q.customerId);
  if (q.targetId) query = query.where('target_id', '=', q.targetId);
  if (q.targetType) query = query.where('target_type', '=', q.targetType);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.from) query = query.where('recorded_at', '>=', q.from);
  if (q.to) query = query.where('recorded_at', '<', q.to);
  return query;
}

const parse = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

export async function listAuditLog(ctx: AppContext, actor: Actor, q: AuditQuery): Promise<{ items: AuditEntryView[]; total: number }> {
  requireReader(actor);
  const base = filtered(ctx.store.db, actor, q);
  const rows = await base.selectAll().orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute();
  const total = Number((await base.select((eb) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  return {
    total,
    items: rows.map((r) => ({
      id: Number(r.id), sequence: r.chain_seq === null ? null : Number(r.chain_seq), recordedAt: r.recorded_at, actorId: r.actor_id, actorName: r.actor_name,
      onBehalfOf: r.on_behalf_of, action: r.action, targetType: r.target_type, targetId: r.target_id, partnerId: r.partner_id,
      customerId: r.customer_id, before: parse(r.before_state), after: parse(r.after_state), previousHash: r.prev_hash, hash: r.hash,
    })),
  };
}

const CSV_COLUMNS = ['id', 'sequence', 'recordedAt', 'actorId', 'actorName', 'onBehalfOf', 'action', 'targetType', 'targetId', 'partnerId', 'customerId', 'before', 'after', 'hash'] as const;

/** RFC 4180 field quoting; a leading = + - @ is prefixed so spreadsheets do not run it as a formula. */
function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** The filtered entries as CSV, oldest first, read in pages so a large export does not load at once. */
export async function exportAuditCsv(ctx: AppContext, actor: Actor, q: Omit<AuditQuery, 'limit' | 'offset'>): Promise<string> {
  requireReader(actor);
  const lines = [CSV_COLUMNS.join(',')];
  let afterId = 0;
  for (;;) {
    const rows = await filtered(ctx.store.db, actor, q).selectAll().where('id', '>', afterId).orderBy('id').limit(1000).execute();
    for (const r of rows) {
      const v = { id: r.id, sequence: r.chain_seq, recordedAt: r.recorded_at, actorId: r.actor_id, actorName: r.actor_name, onBehalfOf: r.on_behalf_of, action: r.action, targetType: r.target_type, targetId: r.target_id, partnerId: r.partner_id, customerId: r.customer_id, before: r.before_state, after: r.after_state, hash: r.hash };
      lines.push(CSV_COLUMNS.map((c) => csvField(v[c])).join(','));
    }
    if (rows.length < 1000) break;
    afterId = Number(rows[rows.length - 1]!.id);
  }
  return `${lines.join('\r\n')}\r\n`;
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  headSequence: number;
  firstBroken?: ChainBreak;
}

/**
 * Walks the whole chain in order and reports the first broken entry: content not matching its
 * hash, a previous-hash not matching the entry before, a missing or moved position, or a head
 * that does not point at the last entry (entries removed from the end).
 */
export async function verifyAuditChain(db: Db): Promise<ChainReport> {
  let prev = { seq: 0, hash: GENESIS_HASH };
  let entries = 0;
  const unchained = await db.selectFrom('audit_log').select('id').where('chain_seq', 'is', null).orderBy('id').executeTakeFirst();
  if (unchained) return { ok: false, entries, headSequence: 0, firstBroken: { id: Number(unchained.id), chainSeq: null, reason: 'the entry has no place in the chain' } };
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('chain_seq', '>', prev.seq).orderBy('chain_seq').limit(2000).execute();
    if (rows.length === 0) break;
    const step = checkChainSegment(rows.map((r) => ({ ...r, id: Number(r.id), chain_seq: Number(r.chain_seq), prev_hash: r.prev_hash ?? '' })), prev);
    if ('broken' in step) return { ok: false, entries: entries + step.checked, headSequence: prev.seq, firstBroken: step.broken };
    entries += rows.length;
    prev = step.prev;
  }
  const head = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  if (head && (Number(head.seq) !== prev.seq || head.hash !== prev.hash)) {
    return { ok: false, entries, headSequence: Number(head.seq), firstBroken: { id: 0, chainSeq: prev.seq + 1, reason: `the chain head is at position ${head.seq} but the last entry found is at ${prev.seq} (entries were removed)` } };
  }
  return { ok: true, entries, headSequence: prev.seq };
}
