/** Operation_List: the operations this provider serves, in ARM's shape. */
const op = (name: string, resource: string, operation: string, description: string, isDataAction = false) => ({
  name: `Microsoft.Capacity/${name}`,
  isDataAction,
  display: { provider: 'Microsoft Capacity', resource, operation, description },
  origin: 'user,system',
});

export const AZURE_OPERATIONS = [
  op('reservationorders/read', 'Reservation Order', 'Get Reservation Orders', 'Read all reservation orders'),
  op('reservationorders/write', 'Reservation Order', 'Create Reservation Order', 'Buy a reservation order'),
  op('reservationorders/reservations/read', 'Reservation', 'Get Reservations', 'Read all reservations'),
  op('reservationorders/reservations/write', 'Reservation', 'Update Reservation', 'Update a reservation'),
  op('reservationorders/reservations/revisions/read', 'Reservation', 'Get Reservation Revisions', 'Read the revisions of a reservation'),
  op('reservationorders/return/action', 'Reservation Order', 'Return Reservation', 'Return a reservation for a prorated refund'),
  op('reservationorders/calculaterefund/action', 'Reservation Order', 'Calculate Refund', 'Calculate the refund of a return'),
  op('calculateprice/action', 'Reservation Order', 'Calculate Price', 'Calculate the price of a purchase'),
  op('calculateexchange/action', 'Exchange', 'Calculate Exchange', 'Calculate the amounts of an exchange'),
  op('exchange/action', 'Exchange', 'Exchange', 'Exchange reservations'),
  op('catalogs/read', 'Catalog', 'Get Catalog', 'Read the reservation catalog'),
  op('appliedreservations/read', 'Applied Reservations', 'Get Applied Reservations', 'Read the reservations applied to a subscription'),
  op('operations/read', 'Operations', 'Get Operations', 'Read the operations of this provider'),
];
