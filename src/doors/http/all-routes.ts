import { azureRoutes } from '../azure/routes.ts';
import { partnerRoutes } from '../partner/routes.ts';
import type { RouteSpec } from './route-spec.ts';
import { systemRoutes } from './system-routes.ts';

/** Every route of every door, in registration order; the OpenAPI document lists the same. */
export function allRoutes(): RouteSpec[] {
  const doors = [...azureRoutes(), ...partnerRoutes()];
  const all: RouteSpec[] = [];
  all.push(...systemRoutes(() => all), ...doors);
  return all;
}
