import type { RouteSpec } from '../http/route-spec.ts';
import { oidcRoutes } from './oidc-routes.ts';
import { permissionRoutes } from './permission-routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { userRoutes } from './user-routes.ts';

/** Issue 5: console sessions, OpenID Connect sign-in, users and app registrations, the customer purchase permission. */
export function identityRoutes(): RouteSpec[] {
  return [...sessionRoutes(), ...oidcRoutes(), ...userRoutes(), ...permissionRoutes()];
}
