import type { ExpressionBuilder, Expression, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { TenantScope } from '../domain/policy.ts';
import type { Database } from './schema.ts';

/** Tables with partner_id, reseller_id and customer_id (or id, for customers) columns. */
type TenantTables = 'reservations' | 'reservation_orders' | 'customers' | 'reservation_usage_windows' | 'customer_usage_windows';

/** Narrows a query on a tenant table to the rows the scope may see. */
export function tenantCondition<T extends TenantTables>(eb: ExpressionBuilder<Database, T>, scope: TenantScope, table: T): Expression<SqlBool> {
  const col = (name: string) => sql.ref(`${table}.${name}`);
  const idColumn = table === 'customers' ? 'id' : 'customer_id';
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`1 = 1`;
    case 'none':
      return sql<SqlBool>`1 = 0`;
    case 'partner':
      return eb(col('partner_id') as never, '=', scope.partnerId as never);
    case 'reseller':
      return eb(col('reseller_id') as never, '=', scope.partnerId as never);
    case 'customer':
      return eb(col(idColumn) as never, '=', scope.customerId as never);
  }
}
