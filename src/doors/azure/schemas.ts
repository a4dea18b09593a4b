import { z } from 'zod';
import type { PurchaseInput } from '../../services/purchase-service.ts';

/** Request bodies of the Azure door, as Microsoft.Capacity 2022-11-01 defines them. */

export const scopeProperties = z.object({
  tenantId: z.string().max(200).optional(),
  managementGroupId: z.string().max(300).optional(),
  subscriptionId: z.string().max(300).optional(),
  resourceGroupId: z.string().max(400).optional(),
  displayName: z.string().max(200).optional(),
});

export const purchaseRequestSchema = z.object({
  sku: z.object({ name: z.string().min(1).max(100) }),
  location: z.string().min(1).max(60),
  properties: z.object({
    reservedResourceType: z.string().min(1).max(60).optional(),
    billingScopeId: z.string().min(1).max(300),
    term: z.string().min(1).max(10),
    billingPlan: z.string().max(20).optional(),
    quantity: z.number().int('must be a whole number').positive('must be at least 1'),
    displayName: z.string().max(64).optional(),
    appliedScopeType: z.string().max(30).optional(),
    appliedScopes: z.array(z.string().max(400)).max(1).optional().nullable(),
    appliedScopeProperties: scopeProperties.optional().nullable(),
    renew: z.boolean().optional(),
    reservedResourceProperties: z.object({ instanceFlexibility: z.enum(['On', 'Off']).optional() }).optional(),
    instanceFlexibility: z.enum(['On', 'Off']).optional(),
    reviewDateTime: z.string().optional(),
  }),
});

export type PurchaseRequestBody = z.infer<typeof purchaseRequestSchema>;

export function toPurchaseInput(body: PurchaseRequestBody): PurchaseInput {
  const p = body.properties;
  return {
    skuName: body.sku.name,
    location: body.location,
    reservedResourceType: p.reservedResourceType,
    billingScopeId: p.billingScopeId,
    term: p.term,
    billingPlan: p.billingPlan,
    quantity: p.quantity,
    displayName: p.displayName,
    appliedScopeType: p.appliedScopeType,
    appliedScopes: p.appliedScopes ?? undefined,
    appliedScopeProperties: p.appliedScopeProperties ?? undefined,
    renew: p.renew,
    instanceFlexibility: p.reservedResourceProperties?.instanceFlexibility ?? p.instanceFlexibility,
  };
}
