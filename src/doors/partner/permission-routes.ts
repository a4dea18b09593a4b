import { z } from 'zod';
import { customerPermissions } from '../../services/customer-service.ts';
import { setCustomerPurchasePermission } from '../../services/identity/purchase-permission.ts';
import { route, type RouteSpec } from '../http/route-spec.ts';
import { guid } from '../http/validation.ts';
import { presentCustomer } from './presenters.ts';

export function permissionRoutes(): RouteSpec[] {
  return [
    route({
      method: 'PUT', url: '/v1/customers/:customerId/purchasePermission', door: 'partner', auth: 'bearer', operationId: 'Customers_SetPurchasePermission',
      summary: 'Turns "customer may buy its own reservations" on or off (admin agents and global admins).',
      params: z.object({ customerId: guid() }),
      body: z.object({ enabled: z.boolean() }).strict(),
      handler: async ({ ctx, actor, params, body }) => {
        const c = await setCustomerPurchasePermission(ctx, actor, params.customerId, body.enabled);
        return { body: presentCustomer(c, { allowedActions: { toggleCustomerPurchase: customerPermissions(actor, c).toggleCustomerPurchase } }) };
      },
    }),
  ];
}
