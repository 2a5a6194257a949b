import type { FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { listOperators, type Operator } from '../../operators/operator-repository.ts';
import { ActionLink, DoneNotice } from '../actions/action-views.tsx';
import type { BackofficeRoutes } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { DataTable } from '../data-table.tsx';
import { StatusBadge } from '../lists/list-links.tsx';
import { operatorOf } from '../operator-guard.ts';
import { OPERATORS_PATH } from './operator-actions.tsx';

/** `GET /operatori` (admin): the back office's accounts, their role, two-factor and status, with their actions. */
export const operatorsRoutes: BackofficeRoutes = (deps) => async (app) => {
  app.get(OPERATORS_PATH, async (request, reply) => {
    operatorOf(request, 'manage_operators');
    const operators = await listOperators(deps.db);
    return sendBackofficePage(request, reply, {
      title: request.i18n.t('bo.operators.title'),
      children: OperatorsPage({ request, operators }),
    });
  });
};

function OperatorsPage(props: { request: FastifyRequest; operators: readonly Operator[] }): SafeHtml {
  const { request } = props;
  const { i18n } = request;
  const { t } = i18n;
  return (
    <>
      <DoneNotice request={request} />
      <h1>{t('bo.operators.title')}</h1>
      <p class="hint">{t('bo.operators.cli')}</p>
      <DataTable
        label={t('bo.operators.title')}
        head={[
          t('bo.operators.email'),
          t('bo.operators.name'),
          t('bo.operators.role'),
          t('bo.operators.twoFactor'),
          t('bo.operators.status'),
          t('bo.order.actions'),
        ]}
      >
        {props.operators.map((operator) => (
          <tr>
            <td>{operator.email}</td>
            <td>{operator.name}</td>
            <td>{t(`bo.role.${operator.role}`)}</td>
            <td>{operator.totp_enabled_at ? t('bo.operators.twoFactorOn') : t('bo.operators.twoFactorOff')}</td>
            <td>
              {operator.disabled_at ? (
                <StatusBadge tone="off" label={t('bo.operators.disabled')} />
              ) : (
                <StatusBadge tone="ok" label={t('bo.operators.active')} />
              )}
            </td>
            <td>
              {operator.id === request.operator?.id ? (
                t('bo.operators.you')
              ) : (
                <>
                  <ActionLink
                    request={request}
                    action="manage_operators"
                    href={`${OPERATORS_PATH}/${operator.id}/ruolo`}
                    label={t('bo.operators.changeRole')}
                    secondary
                  />{' '}
                  <ActionLink
                    request={request}
                    action="manage_operators"
                    href={`${OPERATORS_PATH}/${operator.id}/${operator.disabled_at ? 'riattiva' : 'disattiva'}`}
                    label={t(operator.disabled_at ? 'bo.operators.enable' : 'bo.operators.disable')}
                    secondary
                  />
                </>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
