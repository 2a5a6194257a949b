import type { Child, SafeHtml } from '../../shared/html/jsx-runtime.ts';

/** A column heading; `numeric` ones are right-aligned, as their cells are (`class="num"`). */
export type HeadCell = string | { label: string; numeric: true };

/**
 * A back-office table: it scrolls within its own region on a narrow screen, a region the keyboard can focus (axe's
 * scrollable-region rule) and named by the heading it sits under (`labelledBy`), or by `label` when it has none.
 */
export function DataTable(props: {
  labelledBy?: string;
  label?: string;
  head: readonly HeadCell[];
  caption?: string;
  tableClass?: string;
  children?: Child;
  foot?: Child;
}): SafeHtml {
  return (
    <section class="table-wrap" aria-labelledby={props.labelledBy} aria-label={props.label} tabindex="0">
      <table class={props.tableClass ? `bo-list ${props.tableClass}` : 'bo-list'}>
        {props.caption !== undefined && <caption>{props.caption}</caption>}
        <thead>
          <tr>
            {props.head.map((cell) =>
              typeof cell === 'string' ? (
                <th scope="col">{cell}</th>
              ) : (
                <th scope="col" class="num">
                  {cell.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
        {props.foot}
      </table>
    </section>
  );
}
