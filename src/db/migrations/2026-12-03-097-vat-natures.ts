import { sqlMigration } from '../migrator.ts';

/** The Natura codes of FatturaPA 1.2.2 (the XSD's NaturaType): why a line carries no VAT. */
const NATURA = `'^(N1|N2\\.[12]|N3\\.[1-6]|N4|N5|N6\\.[1-9]|N7)$'`;

/**
 * A product sold without VAT says why (issue 15, point 2): its `vat_nature`, copied onto each order line as its
 * rate is, so that an invoice's lines and VAT summary carry the Natura the SdI requires of every 0 % line (it
 * discards one without: 00400). A nature only at 0 %, and every 0 % with one: on products and order lines alike.
 * The rule binds new and changed rows (`not valid`): a 0 % product of an older database is refused on its next
 * change until its nature is set, instead of the upgrade failing on it.
 */
export const vatNatures = sqlMigration([
  `alter table products add column vat_nature text check (vat_nature ~ ${NATURA})`,
  `alter table products add constraint products_vat_nature_rate_check
    check ((vat_rate_bp = 0) = (vat_nature is not null)) not valid`,
  `alter table order_lines add column vat_nature text check (vat_nature ~ ${NATURA})`,
  `alter table order_lines add constraint order_lines_vat_nature_rate_check
    check ((vat_rate_bp = 0) = (vat_nature is not null)) not valid`,
]);
