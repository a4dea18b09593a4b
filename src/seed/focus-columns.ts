/**
 * The columns of Microsoft Cost Management's FocusCost 1.0 export, in the order Microsoft writes
 * them (learn.microsoft.com, "FOCUS cost and usage details file schema", Version 1.0, columns
 * 1–96). The generator writes every column so that a reader is tested against the real width of
 * the file, even though most `x_` columns stay empty for a CSP customer.
 */
export const FOCUS_COST_1_0_COLUMNS = [
  'BilledCost', 'BillingAccountId', 'BillingAccountName', 'BillingAccountType', 'BillingCurrency',
  'BillingPeriodEnd', 'BillingPeriodStart', 'ChargeCategory', 'ChargeClass', 'ChargeDescription',
  'ChargeFrequency', 'ChargePeriodEnd', 'ChargePeriodStart', 'CommitmentDiscountCategory', 'CommitmentDiscountId',
  'CommitmentDiscountName', 'CommitmentDiscountStatus', 'CommitmentDiscountType', 'ConsumedQuantity', 'ConsumedUnit',
  'ContractedCost', 'ContractedUnitPrice', 'EffectiveCost', 'InvoiceIssuerName', 'ListCost',
  'ListUnitPrice', 'PricingCategory', 'PricingQuantity', 'PricingUnit', 'ProviderName',
  'PublisherName', 'RegionId', 'RegionName', 'ResourceId', 'ResourceName',
  'ResourceType', 'ServiceCategory', 'ServiceName', 'SkuId', 'SkuPriceId',
  'SubAccountId', 'SubAccountName', 'SubAccountType', 'Tags', 'x_AccountId',
  'x_AccountName', 'x_AccountOwnerId', 'x_BilledCostInUsd', 'x_BilledUnitPrice', 'x_BillingAccountId',
  'x_BillingAccountName', 'x_BillingExchangeRate', 'x_BillingExchangeRateDate', 'x_BillingProfileId', 'x_BillingProfileName',
  'x_ContractedCostInUsd', 'x_CostAllocationRuleName', 'x_CostCenter', 'x_CustomerId', 'x_CustomerName',
  'x_EffectiveCostInUsd', 'x_EffectiveUnitPrice', 'x_InvoiceId', 'x_InvoiceIssuerId', 'x_InvoiceSectionId',
  'x_InvoiceSectionName', 'x_ListCostInUsd', 'x_PartnerCreditApplied', 'x_PartnerCreditRate', 'x_PricingBlockSize',
  'x_PricingCurrency', 'x_PricingSubcategory', 'x_PricingUnitDescription', 'x_PublisherCategory', 'x_PublisherId',
  'x_ResellerId', 'x_ResellerName', 'x_ResourceGroupName', 'x_ResourceType', 'x_ServicePeriodEnd',
  'x_ServicePeriodStart', 'x_SkuDescription', 'x_SkuDetails', 'x_SkuIsCreditEligible', 'x_SkuMeterCategory',
  'x_SkuMeterId', 'x_SkuMeterName', 'x_SkuMeterSubcategory', 'x_SkuOfferId', 'x_SkuOrderId',
  'x_SkuOrderName', 'x_SkuPartNumber', 'x_SkuRegion', 'x_SkuServiceFamily', 'x_SkuTerm',
  'x_SkuTier',
] as const;

export type FocusColumn = (typeof FOCUS_COST_1_0_COLUMNS)[number];

/** One CSV field as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A row layout compiled once per kind of row: the constant columns are joined into text
 * segments ahead of time, so writing a row only concatenates the few values that change per
 * hour (times, quantities, costs). Seven million rows of 96 columns stay cheap this way.
 */
export class RowTemplate {
  readonly #segments: string[];
  readonly variables: readonly FocusColumn[];

  /**
   * `fixed` holds the constant columns (raw values, escaped here); `variables` names the columns
   * passed to `render`, in the order they have in the file. Columns in neither are written empty.
   */
  constructor(fixed: Partial<Record<FocusColumn, string>>, variables: readonly FocusColumn[]) {
    const slot = new Map(variables.map((c, i) => [c, i]));
    const order: FocusColumn[] = [];
    const segments: string[] = [];
    let text = '';
    FOCUS_COST_1_0_COLUMNS.forEach((column, i) => {
      if (i > 0) text += ',';
      if (slot.has(column)) {
        segments.push(text);
        order.push(column);
        text = '';
      } else {
        text += csvField(fixed[column] ?? '');
      }
    });
    segments.push(`${text}\n`);
    // render() takes its values positionally, so the caller must name them in file order.
    if (order.join() !== variables.join()) throw new Error(`variable columns must be FOCUS columns in file order: ${variables.join(', ')}`);
    this.#segments = segments;
    this.variables = order;
  }

  /** The CSV line for these values of `variables` (already CSV-safe: numbers and instants). */
  render(values: readonly string[]): string {
    const s = this.#segments;
    let line = s[0]!;
    for (let i = 0; i < values.length; i++) line += values[i]! + s[i + 1]!;
    return line;
  }
}

/** The header line of a FocusCost 1.0 file. */
export const FOCUS_COST_1_0_HEADER = `${FOCUS_COST_1_0_COLUMNS.join(',')}\n`;
