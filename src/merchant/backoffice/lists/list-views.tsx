import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import type { FilterOption, ListDefinition, ListRow, ShownField } from './list-definition.ts';

/** `path?name=value&…` of the non-empty values, in the form's order. */
export function hrefWith(path: string, values: Record<string, string>): string {
  const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value !== '')).toString();
  return query ? `${path}?${query}` : path;
}

export interface ListPageProps<Filters, Row extends ListRow> {
  i18n: I18n;
  definition: ListDefinition<Filters, Row>;
  title: string;
  fields: readonly ShownField[];
  /** The filters as given, to fill the form in again. */
  values: Record<string, string>;
  rows: readonly Row[];
  errors: readonly string[];
  nextHref?: string;
  firstHref?: string;
  csvHref: string;
}

/** A list: its filter form, what is wrong with it if anything, the rows' table, the next page and the export. */
export function ListPageView<Filters, Row extends ListRow>(props: ListPageProps<Filters, Row>): SafeHtml {
  const { i18n, definition } = props;
  const t = i18n.t;
  return (
    <>
      <h1>{props.title}</h1>
      <FilterForm i18n={i18n} path={definition.path} fields={props.fields} values={props.values} />
      {props.errors.length > 0 ? (
        <div class="alert" role="alert">
          <p>{t('bo.lists.error.title')}</p>
          <ul>
            {props.errors.map((error) => (
              <li>{error}</li>
            ))}
          </ul>
        </div>
      ) : (
        <>
          <p class="bo-list-tools">
            <a href={props.csvHref} class="button button-secondary" download="">
              {t('bo.lists.exportCsv')}
            </a>
          </p>
          {props.rows.length === 0 ? (
            <p class="notice">{t('bo.lists.empty')}</p>
          ) : (
            <RowsTable i18n={i18n} definition={definition} rows={props.rows} />
          )}
          <Pages i18n={i18n} nextHref={props.nextHref} firstHref={props.firstHref} />
        </>
      )}
    </>
  );
}

function RowsTable<Filters, Row extends ListRow>(props: {
  i18n: I18n;
  definition: ListDefinition<Filters, Row>;
  rows: readonly Row[];
}): SafeHtml {
  const { i18n } = props;
  return (
    <div class="table-wrap">
      <table class="bo-list">
        <caption>{i18n.t('bo.lists.caption', { count: props.rows.length })}</caption>
        <thead>
          <tr>
            {props.definition.columns.map((column) => (
              <th scope="col" class={column.numeric ? 'num' : undefined}>
                {i18n.t(column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.definition.columns.map((column) => (
                <td class={column.numeric ? 'num' : undefined}>{column.cell(row, i18n)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Pages(props: { i18n: I18n; nextHref: string | undefined; firstHref: string | undefined }): SafeHtml | null {
  if (!props.nextHref && !props.firstHref) return null;
  return (
    <nav class="bo-pages" aria-label={props.i18n.t('bo.lists.pages')}>
      {props.firstHref && <a href={props.firstHref}>{props.i18n.t('bo.lists.first')}</a>}
      {props.nextHref && (
        <a href={props.nextHref} rel="next" class="button">
          {props.i18n.t('bo.lists.next')}
        </a>
      )}
    </nav>
  );
}

function FilterForm(props: {
  i18n: I18n;
  path: string;
  fields: readonly ShownField[];
  values: Record<string, string>;
}): SafeHtml {
  const t = props.i18n.t;
  return (
    <form method="get" action={props.path} class="panel bo-filters">
      <fieldset>
        <legend>{t('bo.lists.filters')}</legend>
        <div class="bo-filter-fields">
          {props.fields.map((field) => (
            <Field i18n={props.i18n} field={field} value={props.values[field.name] ?? ''} />
          ))}
        </div>
        <p class="bo-filter-actions">
          <button type="submit" class="button">
            {t('bo.lists.filter')}
          </button>{' '}
          <a href={props.path} class="button button-secondary">
            {t('bo.lists.clear')}
          </a>
        </p>
      </fieldset>
    </form>
  );
}

function Field(props: { i18n: I18n; field: ShownField; value: string }): SafeHtml {
  const { field, value, i18n } = props;
  const id = `filter-${field.name}`;
  const label = <label for={id}>{i18n.t(field.label)}</label>;
  if (field.kind === 'select') {
    return (
      <div class="field">
        {label}
        <select id={id} name={field.name}>
          <option value="">{i18n.t('bo.lists.any')}</option>
          {field.options.map((option) => (
            <option value={option.value} selected={option.value === value}>
              {optionLabel(i18n, option)}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div class="field">
      {label}
      <input
        id={id}
        name={field.name}
        type={field.kind === 'date' ? 'date' : field.inputMode === 'email' ? 'email' : 'text'}
        inputmode={field.kind === 'text' && field.inputMode === 'numeric' ? 'numeric' : undefined}
        value={value}
        maxlength="254"
      />
    </div>
  );
}

function optionLabel(i18n: I18n, option: FilterOption): string {
  return typeof option.label === 'string' ? i18n.t(option.label) : option.label.text;
}
