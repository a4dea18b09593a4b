import { badRequest } from './errors.ts';

/**
 * The reserved resource types the platform sells, with the rules that hang on the type itself
 * (which terms exist, whether a monthly plan is offered, which exchange group it belongs to).
 * Names follow Microsoft.Capacity's `reservedResourceType` enum.
 */
export const RESERVED_RESOURCE_TYPES = [
  'VirtualMachines',
  'SqlDatabases',
  'SqlManagedInstance',
  'SqlElasticPool',
  'CosmosDb',
  'AppService',
  'DedicatedHost',
  'AVS',
  'BlobStorage',
  'RedisCache',
  'PostgreSql',
  'MySql',
  'Databricks',
  'SynapseAnalytics',
  'SuseLinux',
  'RedHat',
] as const;
export type ReservedResourceType = (typeof RESERVED_RESOURCE_TYPES)[number];

export const TERMS = ['P1Y', 'P3Y', 'P5Y'] as const;
export type Term = (typeof TERMS)[number];
export const BILLING_PLANS = ['Upfront', 'Monthly'] as const;
export type BillingPlan = (typeof BILLING_PLANS)[number];

export const termYears = (term: Term): number => ({ P1Y: 1, P3Y: 3, P5Y: 5 })[term];
export const termMonths = (term: Term): number => termYears(term) * 12;

interface TypeRules {
  /** Terms Microsoft offers for the type; five years exists only for a few. */
  terms: readonly Term[];
  /** Rules §2: monthly billing is not offered for Databricks, Synapse pre-purchase, SUSE and Red Hat. */
  monthly: boolean;
  /** Rules §4: the group a type may be exchanged within. */
  exchangeGroup: string;
  /** The ARM `kind` of the reservation resource. */
  kind: string;
  /** Lower-case resource type as Azure's catalog spells it. */
  catalogName: string;
}

const TYPE_RULES: Record<ReservedResourceType, TypeRules> = {
  VirtualMachines: { terms: ['P1Y', 'P3Y', 'P5Y'], monthly: true, exchangeGroup: 'Compute', kind: 'Microsoft.Compute', catalogName: 'virtualMachines' },
  DedicatedHost: { terms: ['P1Y', 'P3Y', 'P5Y'], monthly: true, exchangeGroup: 'Compute', kind: 'Microsoft.Compute', catalogName: 'dedicatedHost' },
  AVS: { terms: ['P1Y', 'P3Y', 'P5Y'], monthly: true, exchangeGroup: 'Compute', kind: 'Microsoft.Compute', catalogName: 'avs' },
  SqlDatabases: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'Sql', kind: 'Microsoft.Compute', catalogName: 'sqlDatabases' },
  SqlManagedInstance: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'Sql', kind: 'Microsoft.Compute', catalogName: 'sqlManagedInstance' },
  SqlElasticPool: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'Sql', kind: 'Microsoft.Compute', catalogName: 'sqlElasticPool' },
  CosmosDb: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'CosmosDb', kind: 'Microsoft.Compute', catalogName: 'cosmosDb' },
  AppService: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'AppService', kind: 'Microsoft.Compute', catalogName: 'appService' },
  BlobStorage: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'BlobStorage', kind: 'Microsoft.Compute', catalogName: 'blockBlob' },
  RedisCache: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'RedisCache', kind: 'Microsoft.Compute', catalogName: 'redisCache' },
  PostgreSql: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'PostgreSql', kind: 'Microsoft.Compute', catalogName: 'postgreSql' },
  MySql: { terms: ['P1Y', 'P3Y'], monthly: true, exchangeGroup: 'MySql', kind: 'Microsoft.Compute', catalogName: 'mySql' },
  Databricks: { terms: ['P1Y', 'P3Y'], monthly: false, exchangeGroup: 'Databricks', kind: 'Microsoft.Compute', catalogName: 'databricks' },
  SynapseAnalytics: { terms: ['P1Y', 'P3Y'], monthly: false, exchangeGroup: 'SynapseAnalytics', kind: 'Microsoft.Compute', catalogName: 'synapseAnalytics' },
  SuseLinux: { terms: ['P1Y', 'P3Y'], monthly: false, exchangeGroup: 'SuseLinux', kind: 'Microsoft.Compute', catalogName: 'suseLinux' },
  RedHat: { terms: ['P1Y', 'P3Y'], monthly: false, exchangeGroup: 'RedHat', kind: 'Microsoft.Compute', catalogName: 'redHat' },
};

export function typeRules(type: ReservedResourceType): TypeRules {
  return TYPE_RULES[type];
}

/** Matches a resource type case-insensitively (clients send `virtualMachines` or `VirtualMachines`). */
export function parseResourceType(value: string, target = 'reservedResourceType'): ReservedResourceType {
  const lower = value.toLowerCase();
  const found = RESERVED_RESOURCE_TYPES.find(
    (t) => t.toLowerCase() === lower || TYPE_RULES[t].catalogName.toLowerCase() === lower,
  );
  if (!found) throw badRequest('InvalidReservedResourceType', `"${value}" is not a reserved resource type; known types: ${RESERVED_RESOURCE_TYPES.join(', ')}`, target);
  return found;
}

export function parseTerm(value: string, target = 'term'): Term {
  const found = TERMS.find((t) => t.toLowerCase() === value.toLowerCase());
  if (!found) throw badRequest('InvalidTerm', `"${value}" is not a term; use P1Y, P3Y or P5Y`, target);
  return found;
}

export function parseBillingPlan(value: string, target = 'billingPlan'): BillingPlan {
  const found = BILLING_PLANS.find((p) => p.toLowerCase() === value.toLowerCase());
  if (!found) throw badRequest('InvalidBillingPlan', `"${value}" is not a billing plan; use Upfront or Monthly`, target);
  return found;
}

/** The billing plans a type offers for a term (rules §2). */
export function billingPlansFor(type: ReservedResourceType): BillingPlan[] {
  return TYPE_RULES[type].monthly ? ['Upfront', 'Monthly'] : ['Upfront'];
}

/** Refuses a term or billing plan the type does not offer, with the reason in the message. */
export function assertOffered(type: ReservedResourceType, term: Term, plan: BillingPlan, skuTerms: readonly Term[]): void {
  if (!TYPE_RULES[type].terms.includes(term) || !skuTerms.includes(term)) {
    throw badRequest('InvalidTerm', `${type} is not offered for ${term}; offered terms: ${skuTerms.filter((t) => TYPE_RULES[type].terms.includes(t)).join(', ')}`, 'term');
  }
  if (plan === 'Monthly' && !TYPE_RULES[type].monthly) {
    throw badRequest('BillingPlanNotSupported', `Monthly billing is not offered for ${type}; pay Upfront`, 'billingPlan');
  }
}

/** A SKU of the catalog as the engine sees it. */
export interface Sku {
  resourceType: ReservedResourceType;
  name: string;
  title: string;
  terms: Term[];
  /** Instance-size-flexibility group and the size's ratio within it (virtual machines only). */
  flexGroup: string | null;
  flexRatio: number | null;
  properties: Record<string, string>;
}
