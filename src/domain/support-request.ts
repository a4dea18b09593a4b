import { DomainError } from './errors.ts';

/** Support requests for returns and exchanges (rules §7): fields, lifecycle and due times. */

export const SUPPORT_STATUSES = ['Open', 'InProgress', 'WaitingForPartner', 'Resolved', 'Rejected', 'Closed'] as const;
export type SupportStatus = (typeof SUPPORT_STATUSES)[number];
export const FINAL_STATUSES: readonly SupportStatus[] = ['Resolved', 'Rejected', 'Closed'];

export const SEVERITIES = ['minimal', 'moderate', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Our default response times by severity, in minutes. */
export const DEFAULT_DUE_MINUTES: Record<Severity, number> = { critical: 60, moderate: 8 * 60, minimal: 24 * 60 };

export const ISSUE_TYPES = ['Billing', 'Technical', 'SubscriptionManagement'] as const;
export const PROBLEM_TYPES = ['ReservationManagement', 'RefundRequest', 'BillingInquiry'] as const;
export const CATEGORIES = ['ExchangeAndRefund', 'ChangeScope', 'Other'] as const;

type Transition = 'partnerMessage' | 'providerMessage' | 'awaitPartner' | 'approve' | 'reject' | 'close';

/**
 * Open → In progress → Waiting for partner ⇄ In progress → Resolved | Rejected | Closed.
 * Returns the next status, or refuses a move the lifecycle does not allow.
 */
export function nextStatus(current: SupportStatus, move: Transition): SupportStatus {
  if (FINAL_STATUSES.includes(current)) {
    throw new DomainError(409, 'SupportRequestClosed', `The support request is ${current}; it cannot change any more`);
  }
  switch (move) {
    case 'partnerMessage':
      return current === 'WaitingForPartner' ? 'InProgress' : current;
    case 'providerMessage':
      return current === 'Open' ? 'InProgress' : current;
    case 'awaitPartner':
      return 'WaitingForPartner';
    case 'approve':
      return 'Resolved';
    case 'reject':
      return 'Rejected';
    case 'close':
      return 'Closed';
  }
}

export function dueAt(createdAt: Date, severity: Severity, minutes: Record<Severity, number> = DEFAULT_DUE_MINUTES): Date {
  return new Date(createdAt.getTime() + minutes[severity] * 60_000);
}

export function isOverdue(status: SupportStatus, due: string, now: Date): boolean {
  return !FINAL_STATUSES.includes(status) && due <= now.toISOString();
}

/** ISO 3166-1 alpha-3 country codes, for the contact's country. */
export const COUNTRY_CODES = new Set((
  'ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA ' +
  'CAF CAN CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM ' +
  'GAB GBR GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN ' +
  'KGZ KHM KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS ' +
  'MYT NAM NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM ' +
  'SLB SLE SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT ' +
  'VEN VGB VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE'
).split(' '));

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}
