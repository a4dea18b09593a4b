import type { RouteSpec } from '../http/route-spec.ts';
import { adminRoutes } from './admin-routes.ts';
import { authRoutes } from './auth-routes.ts';
import { catalogRoutes } from './catalog-routes.ts';
import { customerRoutes } from './customer-routes.ts';
import { moneyRoutes } from './money-routes.ts';
import { orderRoutes } from './order-routes.ts';
import { supportRoutes } from './support-routes.ts';
import { notificationRoutes } from './notification-routes.ts';
import { auditRoutes } from './audit-routes.ts';
import { identityRoutes } from './identity-routes.ts';

/** The partner door, /v1: Partner Center-style resources for partner work. */
export function partnerRoutes(): RouteSpec[] {
  return [...authRoutes(), ...customerRoutes(), ...orderRoutes(), ...catalogRoutes(), ...moneyRoutes(), ...supportRoutes(), ...adminRoutes(), ...identityRoutes(), ...notificationRoutes(), ...auditRoutes()];
}
