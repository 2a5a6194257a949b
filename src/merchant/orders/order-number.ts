/** An order's number as `nextOrderNumber` makes it (`ORD-2026-000123`) and as the database's check allows it. */
export const ORDER_NUMBER = /^ORD-\d{4}-\d{6,12}$/;
