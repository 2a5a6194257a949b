import type { Kysely } from 'kysely';
import type { MerchantDatabase, OperatorRole } from '../../../db/schema.ts';
import { type Child, NOTHING } from '../../../shared/html/jsx-runtime.ts';
import {
  findOperatorById,
  type Operator,
  setOperatorDisabled,
  setOperatorRole,
} from '../../operators/operator-repository.ts';
import { isOperatorRole, OPERATOR_ROLES } from '../../operators/operator-roles.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import { type ActionRefusal, defineAction } from '../actions/action-definition.ts';

export const OPERATORS_PATH = '/operatori';
export const ROLE_FIELD = 'ruolo';
const ID = /^[1-9][0-9]{0,15}$/u;

async function operatorOfPath(db: Kysely<MerchantDatabase>, id: string | undefined): Promise<Operator | null> {
  if (!id || !ID.test(id)) return null;
  return (await findOperatorById(db, Number(id))) ?? null;
}

/**
 * Refuses to act on oneself: an admin cannot lock themselves out. (Another admin always remains: the one acting.)
 */
function selfRefusal(acting: Operator, target: Operator, i18n: I18n): ActionRefusal | null {
  return acting.id === target.id ? { ok: false, status: 409, message: i18n.t('bo.operators.notSelf') } : null;
}

function RoleSelect(props: { i18n: I18n; value: string; refusal?: ActionRefusal | undefined }): Child {
  const error = props.refusal?.field === ROLE_FIELD ? props.refusal.message : undefined;
  return (
    <div class="field">
      <label for="operator-role">{props.i18n.t('bo.operators.role')}</label>
      {error ? (
        <p class="alert" role="alert" id="operator-role-error">
          {error}
        </p>
      ) : (
        NOTHING
      )}
      <select id="operator-role" name={ROLE_FIELD} aria-describedby={error ? 'operator-role-error' : undefined}>
        {OPERATOR_ROLES.map((role) => (
          <option value={role} selected={role === props.value}>
            {props.i18n.t(`bo.role.${role}`)}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "Cambia ruolo" (admin): what the operator may do from their next page on (roles: operators/operator-roles.ts). */
export const changeOperatorRole = defineAction<Operator>({
  path: `${OPERATORS_PATH}/:id/ruolo`,
  action: 'manage_operators',
  load: (deps, params) => operatorOfPath(deps.db, params.id),
  title: (operator, { t }) => t('bo.operators.roleTitle', { email: operator.email }),
  consequences: (operator, { t }) => [
    t('bo.operators.roleNow', { role: t(`bo.role.${operator.role}`) }),
    t('bo.operators.roleEffect'),
  ],
  fields: (operator, i18n, values, refusal) =>
    RoleSelect({ i18n, value: values[ROLE_FIELD] ?? operator.role, refusal }),
  submitLabel: ({ t }) => t('bo.operators.roleSubmit'),
  returnTo: () => OPERATORS_PATH,
  async perform({ deps, target, operator, form, request }) {
    const role = form[ROLE_FIELD];
    if (!isOperatorRole(role)) {
      return { ok: false, status: 400, field: ROLE_FIELD, message: request.i18n.t('bo.operators.roleInvalid') };
    }
    if (role === target.role) {
      return { ok: false, status: 400, field: ROLE_FIELD, message: request.i18n.t('bo.operators.roleSame') };
    }
    const refusal = selfRefusal(operator, target, request.i18n);
    if (refusal) return refusal;
    await setOperatorRole(deps.db, target.id, role as OperatorRole);
    return {
      ok: true,
      audit: { objectType: 'operator', objectId: target.email, before: { role: target.role }, after: { role } },
    };
  },
});

/** "Disattiva" (admin): the operator cannot sign in, and their open sessions end at their next request. */
export const disableOperator = defineAction<Operator>({
  path: `${OPERATORS_PATH}/:id/disattiva`,
  action: 'manage_operators',
  load: (deps, params) => operatorOfPath(deps.db, params.id),
  unavailable: (operator, { t }) => (operator.disabled_at ? t('bo.operators.alreadyDisabled') : null),
  title: (operator, { t }) => t('bo.operators.disableTitle', { email: operator.email }),
  consequences: (_operator, { t }) => [t('bo.operators.disableEffect'), t('bo.operators.disableAudit')],
  submitLabel: ({ t }) => t('bo.operators.disableSubmit'),
  returnTo: () => OPERATORS_PATH,
  async perform({ deps, target, operator, request }) {
    const refusal = selfRefusal(operator, target, request.i18n);
    if (refusal) return refusal;
    const at = deps.clock.now();
    await setOperatorDisabled(deps.db, target.id, at);
    return {
      ok: true,
      audit: {
        objectType: 'operator',
        objectId: target.email,
        before: { disabledAt: null },
        after: { disabledAt: at.toISOString() },
      },
    };
  },
});

/** "Riattiva" (admin): a disabled operator may sign in again, with the same password and two-factor code. */
export const enableOperator = defineAction<Operator>({
  path: `${OPERATORS_PATH}/:id/riattiva`,
  action: 'manage_operators',
  load: (deps, params) => operatorOfPath(deps.db, params.id),
  unavailable: (operator, { t }) => (operator.disabled_at ? null : t('bo.operators.notDisabled')),
  title: (operator, { t }) => t('bo.operators.enableTitle', { email: operator.email }),
  consequences: (_operator, { t }) => [t('bo.operators.enableEffect')],
  submitLabel: ({ t }) => t('bo.operators.enableSubmit'),
  returnTo: () => OPERATORS_PATH,
  async perform({ deps, target }) {
    await setOperatorDisabled(deps.db, target.id, null);
    return {
      ok: true,
      audit: {
        objectType: 'operator',
        objectId: target.email,
        before: { disabledAt: target.disabled_at?.toISOString() ?? null },
        after: { disabledAt: null },
      },
    };
  },
});
