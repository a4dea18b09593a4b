import type { RouteObject } from 'react-router';

/**
 * Return and Exchange have no routes of their own: they are sections of the reservation page
 * (/reservations/:orderId/:reservationId/return and …/exchange), whose layout (pages/reservation)
 * renders ReturnPage and ExchangePage from this folder.
 */
export const routes: RouteObject[] = [];
