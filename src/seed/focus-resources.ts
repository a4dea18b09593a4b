/**
 * How the consuming resources of each reserved resource type look in a Microsoft FOCUS export:
 * the ARM resource type (x_ResourceType, lower case as Cost Management writes it), the display
 * resource type (ResourceType), the service (ServiceName, ServiceCategory, x_SkuMeterCategory)
 * and how to build a resource id under a resource group.
 */
export interface FocusResourceKind {
  armType: string;
  displayType: string;
  serviceName: string;
  serviceCategory: string;
  meterCategory: string;
  serviceFamily: string;
  usageType: string;
  /** The part of the resource id after `/resourceGroups/{rg}/providers/`. */
  path(name: string): string;
}

const kind = (armType: string, displayType: string, serviceName: string, serviceCategory: string, meterCategory: string, serviceFamily: string, usageType: string, path: (name: string) => string): FocusResourceKind =>
  ({ armType, displayType, serviceName, serviceCategory, meterCategory, serviceFamily, usageType, path });

export const VM_SCALE_SET = kind('microsoft.compute/virtualmachinescalesets', 'Virtual machine scale set', 'Virtual Machines', 'Compute', 'Virtual Machines', 'Compute', 'ComputeHR', (n) => `Microsoft.Compute/virtualMachineScaleSets/${n}`);
export const VIRTUAL_MACHINE = kind('microsoft.compute/virtualmachines', 'Virtual machine', 'Virtual Machines', 'Compute', 'Virtual Machines', 'Compute', 'ComputeHR', (n) => `Microsoft.Compute/virtualMachines/${n}`);

const KINDS: Record<string, FocusResourceKind> = {
  VirtualMachines: VM_SCALE_SET,
  SqlDatabases: kind('microsoft.sql/servers/databases', 'SQL database', 'Azure SQL Database', 'Databases', 'SQL Database', 'Databases', 'vCore', (n) => `Microsoft.Sql/servers/sql-${n}/databases/${n}`),
  SqlManagedInstance: kind('microsoft.sql/managedinstances', 'SQL managed instance', 'Azure SQL Managed Instance', 'Databases', 'SQL Managed Instance', 'Databases', 'vCore', (n) => `Microsoft.Sql/managedInstances/${n}`),
  SqlElasticPool: kind('microsoft.sql/servers/elasticpools', 'SQL elastic pool', 'Azure SQL Database', 'Databases', 'SQL Database', 'Databases', 'vCore', (n) => `Microsoft.Sql/servers/sql-${n}/elasticPools/${n}`),
  CosmosDb: kind('microsoft.documentdb/databaseaccounts', 'Azure Cosmos DB account', 'Azure Cosmos DB', 'Databases', 'Azure Cosmos DB', 'Databases', 'Throughput', (n) => `Microsoft.DocumentDB/databaseAccounts/${n}`),
  AppService: kind('microsoft.web/serverfarms', 'App Service plan', 'Azure App Service', 'Web', 'Azure App Service', 'Compute', 'Instance', (n) => `Microsoft.Web/serverFarms/${n}`),
  DedicatedHost: kind('microsoft.compute/hostgroups/hosts', 'Dedicated host', 'Azure Dedicated Host', 'Compute', 'Virtual Machines', 'Compute', 'Host', (n) => `Microsoft.Compute/hostGroups/hg-${n}/hosts/${n}`),
  AVS: kind('microsoft.avs/privateclouds', 'AVS private cloud', 'Azure VMware Solution', 'Compute', 'Azure VMware Solution', 'Compute', 'Node', (n) => `Microsoft.AVS/privateClouds/${n}`),
  BlobStorage: kind('microsoft.storage/storageaccounts', 'Storage account', 'Storage Accounts', 'Storage', 'Storage', 'Storage', 'Capacity', (n) => `Microsoft.Storage/storageAccounts/st${n.replace(/[^a-z0-9]/g, '')}`),
  RedisCache: kind('microsoft.cache/redis', 'Azure Cache for Redis', 'Azure Cache for Redis', 'Databases', 'Redis Cache', 'Databases', 'Cache', (n) => `Microsoft.Cache/Redis/${n}`),
  PostgreSql: kind('microsoft.dbforpostgresql/flexibleservers', 'Azure Database for PostgreSQL flexible server', 'Azure Database for PostgreSQL', 'Databases', 'Azure Database for PostgreSQL', 'Databases', 'vCore', (n) => `Microsoft.DBforPostgreSQL/flexibleServers/${n}`),
  MySql: kind('microsoft.dbformysql/flexibleservers', 'Azure Database for MySQL flexible server', 'Azure Database for MySQL', 'Databases', 'Azure Database for MySQL', 'Databases', 'vCore', (n) => `Microsoft.DBforMySQL/flexibleServers/${n}`),
  Databricks: kind('microsoft.databricks/workspaces', 'Azure Databricks workspace', 'Azure Databricks', 'Analytics', 'Azure Databricks', 'Analytics', 'DBU', (n) => `Microsoft.Databricks/workspaces/${n}`),
  SynapseAnalytics: kind('microsoft.synapse/workspaces', 'Synapse workspace', 'Azure Synapse Analytics', 'Analytics', 'Azure Synapse Analytics', 'Analytics', 'SCU', (n) => `Microsoft.Synapse/workspaces/${n}`),
  SuseLinux: kind('microsoft.compute/virtualmachines', 'Virtual machine', 'Virtual Machines Licenses', 'Compute', 'Virtual Machines Licenses', 'Compute', 'Software', (n) => `Microsoft.Compute/virtualMachines/${n}`),
  RedHat: kind('microsoft.compute/virtualmachines', 'Virtual machine', 'Virtual Machines Licenses', 'Compute', 'Virtual Machines Licenses', 'Compute', 'Software', (n) => `Microsoft.Compute/virtualMachines/${n}`),
};

/** The resource kind that consumes a reservation of this reserved resource type. */
export function resourceKindOf(reservedResourceType: string): FocusResourceKind {
  return KINDS[reservedResourceType] ?? VIRTUAL_MACHINE;
}

/** The unused part of a reservation is charged to the reservation itself. */
export const RESERVATION_RESOURCE = kind('microsoft.capacity/reservationorders/reservations', 'Reservation', 'Azure Reservations', 'Compute', 'Reservation', 'Compute', 'Reservation', (n) => n);

export const REGION_NAMES: Record<string, string> = {
  koreacentral: 'Korea Central', koreasouth: 'Korea South', japaneast: 'Japan East', southeastasia: 'Southeast Asia',
  eastus: 'East US', westus2: 'West US 2', westeurope: 'West Europe',
};

/** Short names like Cost Management's meter names: Standard_D4s_v5 → "D4s v5". */
export function meterNameOf(skuName: string): string {
  return skuName.replace(/^Standard_/, '').replace(/_/g, ' ');
}

/** A stable 12-character product id for a SKU (Microsoft's SkuId looks like "DZH318Z0BQ4L"). */
export function productIdOf(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 16777619) >>> 0;
    h2 = Math.imul(h2 ^ c, 2246822519) >>> 0;
  }
  const alphabet = '0123456789ABCDEFGHJKLMNPQRSTVWXZ';
  let out = '';
  for (let i = 0; i < 6; i++) out += alphabet[(h1 >>> (i * 5)) & 31];
  for (let i = 0; i < 6; i++) out += alphabet[(h2 >>> (i * 5)) & 31];
  return out;
}

/** A 32-bit hash of a string (FNV-1a), to derive per-reservation random streams from ids. */
export function hash32(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
