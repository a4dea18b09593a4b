import type { Generated } from 'kysely';

/**
 * Table shapes, shared by SQLite and PostgreSQL. Conventions that keep one query layer for both:
 * instants are ISO-8601 UTC text (`2026-11-27T02:21:00.000Z`, which sorts as time does), dates
 * are `YYYY-MM-DD` text, booleans are 0/1 integers, money is a bigint of minor units next to
 * its currency, and lists or small documents are JSON text.
 */
export interface Database {
  partners: PartnersTable;
  customers: CustomersTable;
  azure_plans: AzurePlansTable;
  subscriptions: SubscriptionsTable;
  resource_groups: ResourceGroupsTable;
  management_groups: ManagementGroupsTable;
  management_group_subscriptions: ManagementGroupSubscriptionsTable;
  users: UsersTable;
  access_tokens: AccessTokensTable;
  skus: SkusTable;
  prices: PricesTable;
  reservation_orders: ReservationOrdersTable;
  reservations: ReservationsTable;
  reservation_revisions: ReservationRevisionsTable;
  payments: PaymentsTable;
  utilization_daily: UtilizationDailyTable;
  price_quotes: PriceQuotesTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  partner_settings: PartnerSettingsTable;
  quotes: QuotesTable;
  refund_cap_entries: RefundCapEntriesTable;
  credit_entries: CreditEntriesTable;
  statement_lines: StatementLinesTable;
  money_transactions: MoneyTransactionsTable;
  support_requests: SupportRequestsTable;
  support_messages: SupportMessagesTable;
  role_assignments: RoleAssignmentsTable;
  access_groups: AccessGroupsTable;
  access_group_members: AccessGroupMembersTable;
  reservation_renew_properties: ReservationRenewPropertiesTable;
  job_leases: JobLeasesTable;
  job_runs: JobRunsTable;
  renewal_plans: RenewalPlansTable;
  expiry_notices: ExpiryNoticesTable;
  notification_outbox: NotificationOutboxTable;
  notifications: NotificationsTable;
  notification_preferences: NotificationPreferencesTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  email_deliveries: EmailDeliveriesTable;
  audit_chain_head: AuditChainHeadTable;
}

export interface PartnersTable {
  id: string;
  name: string;
  type: string;
  provider_partner_id: string | null;
  billing_currency: string;
  country: string;
  created_at: string;
}

export interface CustomersTable {
  id: string;
  partner_id: string;
  reseller_id: string | null;
  company_name: string;
  company_name_lower: string;
  primary_domain: string;
  country: string;
  customer_may_buy: number;
  created_at: string;
}

export interface AzurePlansTable {
  id: string;
  customer_id: string;
  created_at: string;
}

export interface SubscriptionsTable {
  id: string;
  customer_id: string;
  plan_id: string;
  display_name: string;
  state: string;
  created_at: string;
}

export interface ResourceGroupsTable {
  subscription_id: string;
  name: string;
  name_lower: string;
  location: string;
}

export interface ManagementGroupsTable {
  id: string;
  customer_id: string;
  display_name: string;
}

export interface ManagementGroupSubscriptionsTable {
  management_group_id: string;
  subscription_id: string;
}

export interface UsersTable {
  id: string;
  email: string;
  display_name: string;
  tenant_type: string;
  partner_id: string | null;
  customer_id: string | null;
  roles: string;
  password_hash: string;
  disabled: number;
  created_at: string;
}

export interface AccessTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface SkusTable {
  resource_type: string;
  name: string;
  title: string;
  terms: string;
  flex_group: string | null;
  flex_ratio: number | null;
  properties: string;
}

export interface PricesTable {
  id: string;
  resource_type: string;
  sku_name: string;
  location: string;
  term: string;
  billing_plan: string;
  currency: string;
  amount_minor: number;
  effective_from: string;
}

export interface ReservationOrdersTable {
  id: string;
  customer_id: string;
  partner_id: string;
  reseller_id: string | null;
  display_name: string;
  billing_scope_id: string;
  term: string;
  billing_plan: string;
  original_quantity: number;
  requested_at: string;
  created_at: string;
  benefit_start_at: string;
  expiry_at: string;
  provisioning_state: string;
  currency: string;
  unit_price_minor: number;
  total_minor: number;
  price_id: string | null;
  created_by: string | null;
  etag: number;
}

export interface ReservationsTable {
  id: string;
  order_id: string;
  customer_id: string;
  partner_id: string;
  reseller_id: string | null;
  resource_type: string;
  sku_name: string;
  location: string;
  quantity: number;
  display_name: string;
  applied_scope_type: string;
  applied_scopes: string;
  applied_scope_properties: string | null;
  /** Azure's userFriendlyAppliedScopeType, kept as a column so listings can filter on it. */
  scope_kind: string;
  instance_flexibility: string | null;
  provisioning_state: string;
  archived: number;
  renew: number;
  term: string;
  billing_plan: string;
  billing_scope_id: string;
  purchase_at: string;
  benefit_start_at: string;
  effective_at: string;
  expiry_at: string;
  last_updated_at: string;
  split_source: string | null;
  split_destinations: string;
  merge_sources: string;
  merge_destination: string | null;
  renew_source: string | null;
  renew_destination: string | null;
  etag: number;
}

export interface ReservationRevisionsTable {
  reservation_id: string;
  revision: number;
  recorded_at: string;
  actor_id: string | null;
  change: string;
  snapshot: string;
}

export interface PaymentsTable {
  order_id: string;
  sequence: number;
  due_date: string;
  payment_date: string | null;
  currency: string;
  amount_minor: number;
  status: string;
}

export interface UtilizationDailyTable {
  reservation_id: string;
  usage_date: string;
  reserved_hours: number;
  used_hours: number;
  min_pct: number;
  avg_pct: number;
  max_pct: number;
}

export interface PriceQuotesTable {
  id: string;
  actor_id: string;
  customer_id: string;
  request: string;
  currency: string;
  total_minor: number;
  created_at: string;
  expires_at: string;
}

export interface IdempotencyKeysTable {
  owner_id: string;
  key: string;
  operation: string;
  request_hash: string;
  status_code: number;
  response: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
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
  /** The hash chain (migration 0004): position, the previous entry's hash, this entry's hash. */
  chain_seq: number | null;
  prev_hash: string | null;
  hash: string | null;
}

export interface PartnerSettingsTable {
  partner_id: string;
  money_policy: string;
  updated_at: string;
  updated_by: string | null;
}

export interface QuotesTable {
  id: string;
  kind: string;
  actor_id: string;
  partner_id: string;
  customer_id: string;
  request: string;
  result: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface RefundCapEntriesTable {
  id: string;
  customer_id: string;
  partner_id: string;
  currency: string;
  amount_minor: number;
  consumed_at: string;
  releases_at: string;
  reservation_id: string;
  transaction_id: string;
}

export interface CreditEntriesTable {
  id: string;
  partner_id: string;
  customer_id: string | null;
  currency: string;
  amount_minor: number;
  kind: string;
  transaction_id: string;
  description: string;
  created_at: string;
}

export interface StatementLinesTable {
  id: string;
  partner_id: string;
  customer_id: string;
  period: string;
  currency: string;
  amount_minor: number;
  kind: string;
  transaction_id: string;
  reservation_order_id: string | null;
  reservation_id: string | null;
  description: string;
  created_at: string;
}

export interface MoneyTransactionsTable {
  id: string;
  kind: string;
  partner_id: string;
  customer_id: string;
  actor_id: string;
  origin: string;
  quote_id: string | null;
  result: string;
  created_at: string;
}

export interface SupportRequestsTable {
  id: string;
  number: string;
  partner_id: string;
  customer_id: string;
  reservation_order_id: string | null;
  reservation_id: string | null;
  status: string;
  severity: string;
  issue_type: string;
  problem_type: string;
  category: string;
  title: string;
  description: string;
  contact: string;
  requested_action: string | null;
  quote_at_creation: string | null;
  status_reason: string | null;
  transaction_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  due_at: string;
  closed_at: string | null;
}

export interface SupportMessagesTable {
  id: string;
  request_id: string;
  /** Position in the thread; messages written in the same instant keep their order. */
  seq: number;
  author_id: string;
  author_name: string;
  author_kind: string;
  body: string;
  created_at: string;
}

// Operations (migration 0004): background jobs, notifications, the audit chain head.

export interface JobLeasesTable {
  job: string;
  holder: string;
  run_key: string;
  lease_until: string;
}

export interface JobRunsTable {
  job: string;
  run_key: string;
  holder: string;
  started_at: string;
  finished_at: string | null;
  result: string | null;
}

export interface RenewalPlansTable {
  reservation_id: string;
  fixed_at: string;
  price_id: string | null;
  currency: string;
  unit_price_minor: number;
  status: string;
  reason: string | null;
  renewed_reservation_id: string | null;
  processed_at: string | null;
}

export interface ExpiryNoticesTable {
  reservation_id: string;
  kind: string;
  sent_at: string;
}

export interface NotificationOutboxTable {
  id: string;
  event_type: string;
  partner_id: string;
  reseller_id: string | null;
  customer_id: string | null;
  target_type: string;
  target_id: string;
  title: string;
  data: string;
  created_at: string;
  dispatched_at: string | null;
}

export interface NotificationsTable {
  id: string;
  user_id: string;
  event_id: string;
  event_type: string;
  title: string;
  data: string;
  created_at: string;
  read_at: string | null;
}

export interface NotificationPreferencesTable {
  user_id: string;
  preferences: string;
  updated_at: string;
}

export interface WebhooksTable {
  id: string;
  partner_id: string;
  url: string;
  secret: string;
  events: string;
  active: number;
  description: string;
  created_by: string | null;
  created_at: string;
  updated_at: string;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_attempt_at: string | null;
  response_code: number | null;
  attempt_log: string;
  created_at: string;
}

export interface EmailDeliveriesTable {
  id: string;
  user_id: string;
  to_address: string;
  event_id: string;
  subject: string;
  body: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

export interface AuditChainHeadTable {
  id: number;
  seq: number;
  hash: string;
}

// Identity (migration 0005). Declaration merging adds the tables to Database.
export interface Database {
  sign_in_throttle: SignInThrottleTable;
  console_sessions: ConsoleSessionsTable;
  password_tokens: PasswordTokensTable;
  app_registrations: AppRegistrationsTable;
  oidc_login_states: OidcLoginStatesTable;
}

export interface UsersTable {
  /** 'user' for people, 'app' for an app registration's service principal. */
  kind: Generated<string>;
}

export interface UsersTable {
  /** The console language the user chose ('en' | 'ko'); null until chosen (migration 0008). */
  language: Generated<string | null>;
}

export interface SignInThrottleTable {
  key: string;
  failures: number;
  window_started_at: string;
  last_failure_at: string;
  locked_until: string | null;
}

export interface ConsoleSessionsTable {
  id: string;
  session_hash: string;
  csrf_token: string;
  user_id: string;
  method: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface PasswordTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  purpose: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AppRegistrationsTable {
  client_id: string;
  partner_id: string;
  user_id: string;
  display_name: string;
  secret_hash: string;
  roles: string;
  created_by: string;
  created_at: string;
  deleted_at: string | null;
}

export interface OidcLoginStatesTable {
  state: string;
  nonce: string;
  code_verifier: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

/** Migration 0003: Azure role assignments on orders, reservations, subscriptions, management groups. */
export interface RoleAssignmentsTable {
  id: string;
  scope_type: string;
  scope_id: string;
  customer_id: string;
  role_name: string;
  principal_id: string;
  principal_type: string;
  created_at: string;
  created_by: string | null;
}

export interface AccessGroupsTable {
  id: string;
  partner_id: string | null;
  customer_id: string | null;
  display_name: string;
  created_at: string;
}

export interface AccessGroupMembersTable {
  group_id: string;
  user_id: string;
}

export interface ReservationRenewPropertiesTable {
  reservation_id: string;
  purchase_properties: string;
  updated_at: string;
}

// Usage (migration 0006, issue 7). Declaration merging adds the tables to Database.
export interface Database {
  reservation_usage_details: ReservationUsageDetailsTable;
  uncovered_usage_daily: UncoveredUsageDailyTable;
  uncovered_usage_resources: UncoveredUsageResourcesTable;
  usage_imports: UsageImportsTable;
}

/** Per reservation, day and consuming resource: what it used of the reservation. */
export interface ReservationUsageDetailsTable {
  reservation_id: string;
  usage_date: string;
  /** Consuming resource id, lower-cased. */
  instance_id: string;
  /** Size of the consuming resource. */
  sku_name: string;
  instance_flexibility_group: string | null;
  instance_flexibility_ratio: number;
  /** The reservation's reserved hours of that day. */
  reserved_hours: number;
  /** Consumed hours × ratio. */
  used_hours: number;
  /** Importer-internal: JSON array of 24 normalized used hours (UTC hour), null for daily-only data. */
  hourly: string | null;
}

/** On-demand usage of reservable resources that no reservation covered. */
export interface UncoveredUsageDailyTable {
  customer_id: string;
  subscription_id: string;
  /** Our catalog's reserved resource type, e.g. 'VirtualMachines'. */
  resource_type: string;
  sku_name: string;
  /** ARM region name, lower case. */
  region: string;
  usage_date: string;
  usage_hours: number;
  min_hourly_instances: number;
  max_hourly_instances: number;
  cost_minor: number;
  currency: string;
}

/** Importer-internal: the per-resource hourly source of uncovered_usage_daily. */
export interface UncoveredUsageResourcesTable {
  subscription_id: string;
  resource_type: string;
  sku_name: string;
  region: string;
  usage_date: string;
  resource_id: string;
  customer_id: string;
  currency: string;
  /** JSON array of 24 instance-hours. */
  hourly: string;
  /** JSON array of 24 decimal strings: cost in 10^-9 currency units. */
  hourly_cost_nano: string;
}

export interface UsageImportsTable {
  id: string;
  partner_id: string | null;
  actor_id: string | null;
  /** 'cli' | 'upload' */
  source: string;
  file_name: string;
  /** 'focus-1.0' | 'focus-1.2-preview' | 'reservation-details-json' | 'reservation-details-csv'; null until detected. */
  format: string | null;
  /** 'queued' | 'running' | 'succeeded' | 'failed' */
  status: string;
  rows_read: Generated<number>;
  rows_imported: Generated<number>;
  rows_skipped: Generated<number>;
  rows_rejected: Generated<number>;
  /** JSON: the first 100 {file?, line, reason}. */
  rejections: Generated<string>;
  /** JSON: [{reservationId, rows}]. */
  unknown_reservations: Generated<string>;
  /** Importer-internal: JSON [{code, message, rows}] of assumptions it made. */
  notices: Generated<string>;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

// Usage alerts (migration 0007, issue 7).
export interface Database {
  usage_alerts: UsageAlertsTable;
}

/** A raised usage condition of a reservation; open while cleared_at is null. */
export interface UsageAlertsTable {
  id: string;
  reservation_id: string;
  /** 'lowUtilization' | 'noUsage' */
  kind: string;
  raised_at: string;
  cleared_at: string | null;
  /** JSON: the figures that raised it. */
  details: string;
}

// Portfolio rollup (migration 0009, issue 7).
export interface Database {
  reservation_usage_windows: ReservationUsageWindowsTable;
  customer_usage_windows: CustomerUsageWindowsTable;
  usage_window_state: UsageWindowStateTable;
}

/** A reservation's hours and unused money over its last 7 or 30 complete days (see 0009-usage-rollup.ts). */
export interface ReservationUsageWindowsTable {
  reservation_id: string;
  window_days: number;
  end_date: string;
  partner_id: string;
  reseller_id: string | null;
  customer_id: string;
  currency: string;
  reserved_hours: number;
  used_hours: number;
  unused_milli_hours: number;
  unused_minor: number;
}

/** reservation_usage_windows summed per customer and currency. */
export interface CustomerUsageWindowsTable {
  customer_id: string;
  window_days: number;
  currency: string;
  partner_id: string;
  reseller_id: string | null;
  reservations: number;
  reserved_hours: number;
  used_hours: number;
  unused_minor: number;
}

/** The end date a window was last fully recomputed for. */
export interface UsageWindowStateTable {
  window_days: number;
  end_date: string;
  refreshed_at: string;
}
