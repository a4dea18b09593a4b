/** Support request wire shapes and enums (src/domain/support-request.ts, src/services/support-service.ts). */
export const SUPPORT_STATUSES = ['Open', 'InProgress', 'WaitingForPartner', 'Resolved', 'Rejected', 'Closed'] as const;
export const FINAL_STATUSES: readonly string[] = ['Resolved', 'Rejected', 'Closed'];
export const SEVERITIES = ['minimal', 'moderate', 'critical'] as const;
export const ISSUE_TYPES = ['Billing', 'Technical', 'SubscriptionManagement'] as const;
export const PROBLEM_TYPES = ['ReservationManagement', 'RefundRequest', 'BillingInquiry'] as const;
export const CATEGORIES = ['ExchangeAndRefund', 'ChangeScope', 'Other'] as const;

export interface SupportMessage {
  id: string;
  author: string;
  authorKind: string;
  body: string;
  createdAt: string;
}

export interface SupportRequestView {
  id: string;
  number: string;
  partnerId: string;
  customerId: string;
  reservationOrderId: string | null;
  reservationId: string | null;
  status: string;
  statusReason: string | null;
  severity: string;
  issueType: string;
  problemType: string;
  category: string;
  title: string;
  description: string;
  contact: {
    firstName: string; lastName: string; primaryEmail: string; additionalEmails: string[]; preferredContactMethod: string;
    phoneNumber?: string; preferredTimeZone: string; preferredSupportLanguage: string; country: string;
  };
  requestedAction: { type: 'return'; reservationOrderId: string; reservationId: string; quantity: number; reason?: string } | { type: 'exchange'; request: unknown } | null;
  quoteAtCreation: unknown;
  transactionId: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  dueAt: string;
  overdue: boolean;
  closedAt: string | null;
  messages?: SupportMessage[];
}
