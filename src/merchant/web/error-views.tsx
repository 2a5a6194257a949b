import type { SafeHtml } from '../../shared/html/jsx-runtime.ts';
import { type ErrorCode, errorMessageKeys } from './errors.ts';
import { Layout, type PageContext } from './layout.tsx';

export function ErrorPage(props: { page: PageContext; code: ErrorCode }): SafeHtml {
  const { t } = props.page.i18n;
  const keys = errorMessageKeys(props.code);
  return (
    <Layout {...props.page} title={t(keys.title)}>
      <section class="panel narrow" aria-labelledby="error-title">
        <h1 id="error-title">{t(keys.title)}</h1>
        <p>{t(keys.body)}</p>
        <p>
          <a href="/">{t('error.back')}</a>
        </p>
      </section>
    </Layout>
  );
}
