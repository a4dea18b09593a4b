import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import { sql } from 'kysely';
import { parseResourceType } from '../domain/catalog.ts';
import { addDays } from '../domain/dates.ts';
import { badRequest, DomainError } from '../domain/errors.ts';
import type { FilterNode, FilterValue } from '../domain/odata-filter.ts';
import { policyDefaults } from '../domain/policy-values.ts';
import { DISPLAY_STATES } from '../domain/reservation.ts';
import type { Database } from './schema.ts';

type EB = ExpressionBuilder<Database, 'reservations'>;
type Cond = Expression<SqlBool>;

const PENDING_STATES = ['Creating', 'PendingResourceHold', 'ConfirmedResourceHold', 'PendingBilling', 'ConfirmedBilling', 'Created'];

/**
 * Turns a parsed `$filter` into SQL over the reservations table. Only the properties below can be
 * filtered; anything else is refused with the list of what can. Derived properties (display state,
 * renew state) expand into conditions on stored columns and the clock, so they use the indexes.
 */
export function reservationFilter(eb: EB, node: FilterNode, now: Date): Cond {
  switch (node.kind) {
    case 'and':
      return eb.and([reservationFilter(eb, node.left, now), reservationFilter(eb, node.right, now)]);
    case 'or':
      return eb.or([reservationFilter(eb, node.left, now), reservationFilter(eb, node.right, now)]);
    case 'not':
      return eb.not(reservationFilter(eb, node.operand, now));
    case 'function': {
      const column = textColumn(node.property);
      const escaped = node.value.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
      const pattern = node.name === 'contains' ? `%${escaped}%` : node.name === 'startswith' ? `${escaped}%` : `%${escaped}`;
      return sql<SqlBool>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
    }
    case 'compare':
      return compare(eb, node.property, node.op, node.value, now);
  }
}

const SIMPLE_COLUMNS: Record<string, { column: string; type: 'text' | 'int' | 'bool' | 'instant' }> = {
  'properties/provisioningstate': { column: 'provisioning_state', type: 'text' },
  'properties/archived': { column: 'archived', type: 'bool' },
  'properties/renew': { column: 'renew', type: 'bool' },
  'properties/displayname': { column: 'display_name', type: 'text' },
  'properties/term': { column: 'term', type: 'text' },
  'properties/billingplan': { column: 'billing_plan', type: 'text' },
  'properties/quantity': { column: 'quantity', type: 'int' },
  'properties/billingscopeid': { column: 'billing_scope_id', type: 'text' },
  'properties/appliedscopetype': { column: 'applied_scope_type', type: 'text' },
  'properties/userfriendlyappliedscopetype': { column: 'scope_kind', type: 'text' },
  'properties/expirydate': { column: 'expiry_at', type: 'instant' },
  'properties/expirydatetime': { column: 'expiry_at', type: 'instant' },
  'properties/purchasedate': { column: 'purchase_at', type: 'instant' },
  'properties/purchasedatetime': { column: 'purchase_at', type: 'instant' },
  'properties/effectivedatetime': { column: 'effective_at', type: 'instant' },
  'properties/benefitstarttime': { column: 'benefit_start_at', type: 'instant' },
  'location': { column: 'location', type: 'text' },
  'sku/name': { column: 'sku_name', type: 'text' },
  'properties/skuname': { column: 'sku_name', type: 'text' },
  'name': { column: 'id', type: 'text' },
};

const FILTERABLE = [
  ...Object.keys(SIMPLE_COLUMNS),
  'properties/displayprovisioningstate',
  'properties/userfriendlyrenewstate',
  'properties/reservedresourcetype',
];

function unknownProperty(property: string): never {
  throw badRequest('InvalidFilter', `Cannot filter on "${property}"; filterable properties: ${FILTERABLE.join(', ')}`, '$filter');
}

function textColumn(property: string): string {
  const entry = SIMPLE_COLUMNS[property.toLowerCase()];
  if (!entry || entry.type !== 'text') unknownProperty(property);
  return entry.column;
}

function compare(eb: EB, property: string, op: string, value: FilterValue, now: Date): Cond {
  const key = property.toLowerCase();
  if (key === 'properties/displayprovisioningstate') return equalityOnly(eb, op, displayStateCondition(eb, String(value), now));
  if (key === 'properties/userfriendlyrenewstate') return equalityOnly(eb, op, renewStateCondition(eb, String(value), now));
  if (key === 'properties/reservedresourcetype') {
    return equalityOnly(eb, op, eb('resource_type', '=', resourceTypeInFilter(value)));
  }
  const entry = SIMPLE_COLUMNS[key];
  if (!entry) unknownProperty(property);
  const column = entry.column as 'id';
  const sqlOp = ({ eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const)[op as 'eq'];
  switch (entry.type) {
    case 'bool':
      if (typeof value !== 'boolean') throw badRequest('InvalidFilter', `${property} compares with true or false`, '$filter');
      if (op !== 'eq' && op !== 'ne') throw badRequest('InvalidFilter', `${property} supports eq and ne`, '$filter');
      return eb(column, sqlOp, (value ? 1 : 0) as never);
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest('InvalidFilter', `${property} compares with a whole number`, '$filter');
      return eb(column, sqlOp, value as never);
    case 'instant':
      return instantCompare(eb, column, op, value, property);
    case 'text': {
      if (typeof value !== 'string') throw badRequest('InvalidFilter', `${property} compares with a quoted string`, '$filter');
      if (op === 'eq' || op === 'ne') {
        // Enum-like values are compared case-insensitively, as Azure does.
        const cond = sql<SqlBool>`lower(${sql.ref(column)}) = ${value.toLowerCase()}`;
        return op === 'eq' ? cond : eb.not(cond);
      }
      return eb(column, sqlOp, value as never);
    }
  }
}

/** An unknown type in `$filter` is a bad filter (InvalidFilter), like an unknown state. */
function resourceTypeInFilter(value: FilterValue): ReturnType<typeof parseResourceType> {
  try {
    return parseResourceType(String(value), '$filter');
  } catch (err) {
    if (err instanceof DomainError) throw badRequest('InvalidFilter', err.message, '$filter');
    throw err;
  }
}

function equalityOnly(eb: EB, op: string, cond: Cond): Cond {
  if (op === 'eq') return cond;
  if (op === 'ne') return eb.not(cond);
  throw badRequest('InvalidFilter', 'state properties support eq and ne', '$filter');
}

/** Date literals ("2027-01-31") compare as whole UTC days; instants as given. */
function instantCompare(eb: EB, column: 'id', op: string, value: FilterValue, property: string): Cond {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) {
    throw badRequest('InvalidFilter', `${property} compares with a date (YYYY-MM-DD) or an ISO 8601 instant`, '$filter');
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`).toISOString();
    const end = addDays(new Date(start), 1).toISOString();
    switch (op) {
      case 'eq': return eb.and([eb(column, '>=', start as never), eb(column, '<', end as never)]);
      case 'ne': return eb.or([eb(column, '<', start as never), eb(column, '>=', end as never)]);
      case 'gt': return eb(column, '>=', end as never);
      case 'ge': return eb(column, '>=', start as never);
      case 'lt': return eb(column, '<', start as never);
      default: return eb(column, '<', end as never);
    }
  }
  const iso = new Date(value).toISOString();
  const sqlOp = ({ eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const)[op as 'eq'];
  return eb(column, sqlOp, iso as never);
}

export function displayStateCondition(eb: EB, state: string, now: Date): Cond {
  const found = DISPLAY_STATES.find((s) => s.toLowerCase() === state.toLowerCase());
  if (!found) throw badRequest('InvalidFilter', `"${state}" is not a display state; use ${DISPLAY_STATES.join(', ')}`, '$filter');
  const nowIso = now.toISOString();
  const expiringFrom = addDays(now, policyDefaults.expiringWithinDays).toISOString();
  switch (found) {
    case 'Succeeded':
      return eb.and([eb('provisioning_state', '=', 'Succeeded'), eb('expiry_at', '>', expiringFrom)]);
    case 'Expiring':
      return eb.and([eb('provisioning_state', '=', 'Succeeded'), eb('expiry_at', '>', nowIso), eb('expiry_at', '<=', expiringFrom)]);
    case 'Expired':
      return eb.or([eb('provisioning_state', '=', 'Expired'), eb.and([eb('provisioning_state', '=', 'Succeeded'), eb('expiry_at', '<=', nowIso)])]);
    case 'Cancelled':
      return eb('provisioning_state', 'in', ['Cancelled', 'Split', 'Merged']);
    case 'Failed':
      return eb('provisioning_state', 'in', ['Failed', 'BillingFailed']);
    case 'Pending':
      return eb('provisioning_state', 'in', PENDING_STATES);
    default:
      // Processing, Warning and NoBenefit are states this platform never produces.
      return sql<SqlBool>`1 = 0`;
  }
}

function renewStateCondition(eb: EB, state: string, now: Date): Cond {
  const nowIso = now.toISOString();
  const active = eb.and([eb('provisioning_state', '=', 'Succeeded'), eb('expiry_at', '>', nowIso)]);
  switch (state.toLowerCase()) {
    case 'on': return eb.and([active, eb('renew', '=', 1), eb('renew_destination', 'is', null)]);
    case 'off': return eb.and([active, eb('renew', '=', 0), eb('renew_destination', 'is', null)]);
    case 'renewed': return eb('renew_destination', 'is not', null);
    case 'notrenewed': return eb.and([eb('provisioning_state', '=', 'Expired'), eb('renew_destination', 'is', null)]);
    case 'notapplicable': return eb.and([eb('provisioning_state', '<>', 'Succeeded'), eb('provisioning_state', '<>', 'Expired'), eb('renew_destination', 'is', null)]);
    default:
      throw badRequest('InvalidFilter', `"${state}" is not a renew state; use On, Off, Renewed, NotRenewed or NotApplicable`, '$filter');
  }
}

const ORDERABLE: Record<string, 'expiry_at' | 'purchase_at' | 'display_name' | 'quantity' | 'resource_type' | 'sku_name' | 'location' | 'provisioning_state'> = {
  'properties/expirydate': 'expiry_at',
  'properties/expirydatetime': 'expiry_at',
  'properties/purchasedate': 'purchase_at',
  'properties/purchasedatetime': 'purchase_at',
  'properties/displayname': 'display_name',
  'properties/quantity': 'quantity',
  'properties/reservedresourcetype': 'resource_type',
  'properties/provisioningstate': 'provisioning_state',
  'sku/name': 'sku_name',
  'location': 'location',
};

export interface OrderBy {
  column: (typeof ORDERABLE)[string];
  direction: 'asc' | 'desc';
}

/** Parses `$orderby` ("properties/expiryDate desc, properties/displayName"). */
export function parseOrderBy(text: string | undefined): OrderBy[] {
  if (!text || !text.trim()) return [];
  return text.split(',').map((part) => {
    const [prop = '', dir = 'asc', extra] = part.trim().split(/\s+/);
    const column = ORDERABLE[prop.toLowerCase()];
    if (!column || extra !== undefined || !['asc', 'desc'].includes(dir.toLowerCase())) {
      throw badRequest('InvalidOrderBy', `Cannot order by "${part.trim()}"; use one of ${Object.keys(ORDERABLE).join(', ')} with asc or desc`, '$orderby');
    }
    return { column, direction: dir.toLowerCase() as 'asc' | 'desc' };
  });
}

