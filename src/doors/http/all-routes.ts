import { azureRoutes } from '../azure/routes.ts';
import { consumptionRoutes } from '../azure/consumption-routes.ts';
import { portfolioRoutes } from '../partner/portfolio-routes.ts';
import { adviceRoutes } from '../partner/advice-routes.ts';
import { recommendationRoutes } from '../azure/recommendation-routes.ts';
import { partnerRoutes } from '../partner/routes.ts';
import { usageImportRoutes } from '../partner/usage-import-routes.ts';
import { consoleMoneyRoutes } from '../partner/console-money-routes.ts';
import { consoleReservationRoutes } from '../partner/console-reservation-routes.ts';
import { consolePartnerRoutes } from '../partner/console-partner-routes.ts';
import { consoleShellRoutes } from '../partner/console-shell-routes.ts';
import type { RouteSpec } from './route-spec.ts';
import { systemRoutes } from './system-routes.ts';

/** Every route of every door, in registration order; the OpenAPI document lists the same. */
export function allRoutes(): RouteSpec[] {
  const doors = [...azureRoutes(), ...partnerRoutes(), ...consoleMoneyRoutes(), ...consoleReservationRoutes(), ...consolePartnerRoutes(), ...consoleShellRoutes(), ...consumptionRoutes(), ...portfolioRoutes(), ...recommendationRoutes(), ...adviceRoutes(), ...usageImportRoutes()];
  const all: RouteSpec[] = [];
  all.push(...systemRoutes(() => all), ...doors);
  return all;
}
