import type { ReservedResourceType, Term } from '../domain/catalog.ts';

/**
 * The reference catalog loaded on first start: SKUs with their pay-as-you-go hourly list price in
 * USD, from which the reservation prices below are derived. Figures are in the range of Azure's
 * public list prices; operators replace them with `resdesk prices import`.
 */
export interface CatalogSku {
  type: ReservedResourceType;
  name: string;
  title: string;
  terms: Term[];
  /** Pay-as-you-go USD per hour of one unit, in millionths of a dollar (exact integers). */
  hourlyMicroUsd: number;
  flexGroup?: string;
  flexRatio?: number;
  properties?: Record<string, string>;
  regions?: string[];
}

export const REGIONS = ['koreacentral', 'koreasouth', 'japaneast', 'southeastasia', 'eastus', 'westus2', 'westeurope'];

const vm = (name: string, hourly: number, group: string, ratio: number, vcpus: number, memoryGb: number): CatalogSku => ({
  type: 'VirtualMachines', name, title: `Reserved VM Instance, ${name}`, terms: ['P1Y', 'P3Y', 'P5Y'], hourlyMicroUsd: hourly,
  flexGroup: group, flexRatio: ratio, properties: { vCPUs: String(vcpus), MemoryGB: String(memoryGb), tier: 'Standard', size: name.replace(/^Standard_/, '') },
});

export const CATALOG_SKUS: CatalogSku[] = [
  vm('Standard_B2s', 41_600, 'BS Series', 1, 2, 4),
  vm('Standard_B4ms', 166_000, 'BS Series', 4, 4, 16),
  vm('Standard_D2s_v5', 96_000, 'DSv5 Series', 1, 2, 8),
  vm('Standard_D4s_v5', 192_000, 'DSv5 Series', 2, 4, 16),
  vm('Standard_D8s_v5', 384_000, 'DSv5 Series', 4, 8, 32),
  vm('Standard_D16s_v5', 768_000, 'DSv5 Series', 8, 16, 64),
  vm('Standard_E2s_v5', 126_000, 'ESv5 Series', 1, 2, 16),
  vm('Standard_E4s_v5', 252_000, 'ESv5 Series', 2, 4, 32),
  vm('Standard_E8s_v5', 504_000, 'ESv5 Series', 4, 8, 64),
  vm('Standard_F2s_v2', 85_000, 'FSv2 Series', 1, 2, 4),
  vm('Standard_F4s_v2', 169_000, 'FSv2 Series', 2, 4, 8),
  { type: 'DedicatedHost', name: 'DSv3-Type1', title: 'Dedicated Host, DSv3-Type1', terms: ['P1Y', 'P3Y', 'P5Y'], hourlyMicroUsd: 4_204_000 },
  { type: 'AVS', name: 'AV36', title: 'Azure VMware Solution, AV36 node', terms: ['P1Y', 'P3Y', 'P5Y'], hourlyMicroUsd: 8_001_000, regions: ['eastus', 'westeurope', 'japaneast', 'southeastasia'] },
  { type: 'SqlDatabases', name: 'SQLDB_GP_Compute_Gen5', title: 'SQL Database, General Purpose, Gen5 vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 252_900 },
  { type: 'SqlDatabases', name: 'SQLDB_BC_Compute_Gen5', title: 'SQL Database, Business Critical, Gen5 vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 679_900 },
  { type: 'SqlManagedInstance', name: 'SQLMI_GP_Compute_Gen5', title: 'SQL Managed Instance, General Purpose, Gen5 vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 252_900 },
  { type: 'SqlElasticPool', name: 'SQLEP_GP_Compute_Gen5', title: 'SQL Elastic Pool, General Purpose, Gen5 vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 379_400 },
  { type: 'CosmosDb', name: 'Cosmos_DB_100_RUs', title: 'Azure Cosmos DB, 100 RU/s', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 8_000 },
  { type: 'AppService', name: 'Premium_v3_P1v3', title: 'App Service, Premium v3 P1v3', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 200_000 },
  { type: 'AppService', name: 'Premium_v3_P2v3', title: 'App Service, Premium v3 P2v3', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 400_000 },
  { type: 'BlobStorage', name: 'Hot_LRS_100TB', title: 'Blob Storage, Hot LRS, 100 TB', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 2_805_000 },
  { type: 'RedisCache', name: 'Premium_P1', title: 'Azure Cache for Redis, Premium P1', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 554_000 },
  { type: 'PostgreSql', name: 'PostgreSQL_GP_Compute_Gen5', title: 'Azure Database for PostgreSQL, General Purpose vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 102_000 },
  { type: 'MySql', name: 'MySQL_GP_Compute_Gen5', title: 'Azure Database for MySQL, General Purpose vCore', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 102_000 },
  { type: 'Databricks', name: 'Databricks_Premium_25000_DBCU', title: 'Azure Databricks pre-purchase, 25,000 DBCU', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 2_682_000 },
  { type: 'SynapseAnalytics', name: 'Synapse_Commit_5000_SCU', title: 'Azure Synapse pre-purchase, 5,000 SCU', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 542_000 },
  { type: 'SuseLinux', name: 'SUSE_SLES_Priority_2vCPU', title: 'SUSE Linux Enterprise Server Priority, 1-2 vCPU', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 110_000 },
  { type: 'RedHat', name: 'RHEL_2vCPU', title: 'Red Hat Enterprise Linux, 1-4 vCPU', terms: ['P1Y', 'P3Y'], hourlyMicroUsd: 60_000 },
];

/** Share of the pay-as-you-go price a reservation costs, per term, in basis points. */
export const TERM_PRICE_BPS: Record<Term, number> = { P1Y: 6_200, P3Y: 4_000, P5Y: 3_500 };
export const TERM_HOURS: Record<Term, number> = { P1Y: 8_760, P3Y: 26_280, P5Y: 43_800 };
/** Regions price slightly differently; basis points on top of the base price. */
export const REGION_BPS: Record<string, number> = {
  koreacentral: 10_400, koreasouth: 10_200, japaneast: 10_600, southeastasia: 10_300, eastus: 10_000, westus2: 10_000, westeurope: 10_800,
};
/** KRW per USD used to publish the KRW price list (a list price, not a conversion at purchase). */
export const KRW_PER_USD = 1_350;
/** The older price list, in force before the current one; returns compare "price at purchase" with "price now". */
export const PREVIOUS_PRICE_LIST = { effectiveFrom: '2021-01-01T00:00:00.000Z', bps: 10_500 };
export const CURRENT_PRICE_LIST = { effectiveFrom: '2026-06-01T00:00:00.000Z', bps: 10_000 };
