import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { appendAuditEntry, isAuditedKey } from '../../audit/audit-repository.ts';
import { AppError } from '../../web/errors.ts';
import type { BackofficeDeps } from '../backoffice-deps.ts';
import { sendBackofficePage } from '../backoffice-page.tsx';
import { operatorOf } from '../operator-guard.ts';
import type { ActionRefusal, AnyBackofficeAction } from './action-definition.ts';
import { ActionConfirmation, ActionUnavailable, REASON_FIELD, REQUEST_KEY_FIELD } from './action-views.tsx';

const REQUEST_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
export const REASON_MIN = 3;
export const REASON_MAX = 500;

/** The form as sent, every value a string (a repeated field keeps its first value). */
function formOf(body: unknown): Record<string, string> {
  const form: Record<string, string> = {};
  if (!body || typeof body !== 'object') return form;
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') form[name] = first;
  }
  return form;
}

/** Where a done action leads: its object's page, saying what was done. */
export function donePath(returnTo: string, action: string): string {
  return `${returnTo}${returnTo.includes('?') ? '&' : '?'}fatto=${encodeURIComponent(action)}`;
}

/**
 * Serves every action the same way (action-definition.ts): GET shows the confirmation with a fresh request key, POST
 * checks the role, the CSRF token (the web ground, before this), the key and the reason, performs the action and
 * appends its audit entry, then sees the operator back to the object's page. Nothing happens on a GET.
 */
export function actionRoutes(deps: BackofficeDeps, actions: readonly AnyBackofficeAction[]) {
  return async (app: FastifyInstance) => {
    for (const definition of actions) {
      const load = async (request: FastifyRequest) => {
        const target = await definition.load(deps, request.params as Record<string, string>);
        if (target === null) throw new AppError('not_found', `${definition.action}: no such object`);
        return target;
      };
      const show = (
        request: FastifyRequest,
        reply: FastifyReply,
        target: unknown,
        values: Record<string, string>,
        refusal?: ActionRefusal,
      ) => {
        const i18n = request.i18n;
        const unavailable = definition.unavailable?.(target, i18n) ?? null;
        const title = definition.title(target, i18n);
        if (unavailable !== null) {
          return sendBackofficePage(request, reply, {
            title,
            status: 409,
            children: ActionUnavailable({ i18n, title, message: unavailable, returnTo: definition.returnTo(target) }),
          });
        }
        return sendBackofficePage(request, reply, {
          title,
          status: refusal?.status ?? 200,
          children: ActionConfirmation({
            i18n,
            title,
            action: request.url.split('?')[0] ?? definition.path,
            csrfToken: request.session?.csrfToken ?? '',
            requestKey: values[REQUEST_KEY_FIELD] ?? randomUUID(),
            consequences: definition.consequences(target, i18n),
            fields: definition.fields?.(target, i18n, values, refusal),
            reason: values[REASON_FIELD] ?? '',
            submitLabel: definition.submitLabel(i18n),
            returnTo: definition.returnTo(target),
            refusal,
          }),
        });
      };

      app.get(definition.path, async (request, reply) => {
        operatorOf(request, definition.action);
        return show(request, reply, await load(request), {});
      });

      app.post(definition.path, async (request, reply) => {
        const operator = operatorOf(request, definition.action);
        const target = await load(request);
        const form = formOf(request.body);
        const requestKey = form[REQUEST_KEY_FIELD] ?? '';
        if (!REQUEST_KEY.test(requestKey)) throw new AppError('bad_request', 'confirmation form without its key');
        // The same confirmed form again (a double click, a reload): what it did is done; say so, do nothing twice.
        if (await isAuditedKey(deps.db, requestKey)) {
          return reply.redirect(donePath(definition.returnTo(target), definition.action), 303);
        }
        if (definition.unavailable?.(target, request.i18n)) return show(request, reply, target, form);
        const reason = (form[REASON_FIELD] ?? '').trim();
        if (reason.length < REASON_MIN || reason.length > REASON_MAX) {
          return show(request, reply, target, form, {
            ok: false,
            status: 400,
            field: REASON_FIELD,
            message: request.i18n.t('bo.action.reasonRequired', { min: REASON_MIN, max: REASON_MAX }),
          });
        }
        const outcome = await definition.perform({ deps, target, operator, reason, form, requestKey, request });
        if (!outcome.ok) return show(request, reply, target, form, outcome);
        await appendAuditEntry(deps.db, {
          ...outcome.audit,
          operator,
          action: definition.action,
          reason,
          requestKey,
          at: deps.clock.now(),
        });
        request.log.info({ operatorId: operator.id, action: definition.action, requestKey }, 'operator action');
        return reply.redirect(donePath(definition.returnTo(target), outcome.notice ?? definition.action), 303);
      });
    }
  };
}
