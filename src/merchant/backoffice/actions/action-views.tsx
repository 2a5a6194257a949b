import type { FastifyRequest } from 'fastify';
import { type Child, NOTHING, type SafeHtml } from '../../../shared/html/jsx-runtime.ts';
import { ACTION_ROLES, type OperatorAction } from '../../operators/operator-roles.ts';
import { CSRF_FIELD } from '../../web/csrf.ts';
import type { I18n, MessageKey } from '../../web/i18n/i18n.ts';
import { mayDo } from '../operator-guard.ts';
import { ACTION_NOTICES, type ActionNotice, type ActionRefusal } from './action-definition.ts';

export const REASON_FIELD = 'motivo';
export const REQUEST_KEY_FIELD = 'chiave';

/** One input of an action's form, with its label, hint and the refusal about it (aria-invalid, described by it). */
export function ActionField(props: {
  id: string;
  name: string;
  label: string;
  value: string;
  hint?: string;
  refusal?: ActionRefusal | undefined;
  inputmode?: 'decimal' | 'numeric' | 'text';
  required?: boolean;
  maxlength?: number;
}): SafeHtml {
  const error = props.refusal?.field === props.name ? props.refusal.message : undefined;
  const describedBy = [error ? `${props.id}-error` : '', props.hint ? `${props.id}-hint` : ''].filter(Boolean);
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {error && (
        <p class="alert" role="alert" id={`${props.id}-error`}>
          {error}
        </p>
      )}
      <input
        id={props.id}
        name={props.name}
        type="text"
        inputmode={props.inputmode ?? 'text'}
        autocomplete="off"
        required={props.required !== false}
        maxlength={String(props.maxlength ?? 100)}
        value={props.value}
        aria-describedby={describedBy.length > 0 ? describedBy.join(' ') : undefined}
        aria-invalid={error ? 'true' : undefined}
      />
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** The confirmation page of an action: what will happen, the fields, the required reason, confirm or go back. */
export function ActionConfirmation(props: {
  i18n: I18n;
  title: string;
  action: string;
  csrfToken: string;
  requestKey: string;
  consequences: string[];
  fields?: Child;
  reason: string;
  submitLabel: string;
  returnTo: string;
  refusal?: ActionRefusal | undefined;
}): SafeHtml {
  const { t } = props.i18n;
  const reasonError = props.refusal?.field === REASON_FIELD ? props.refusal.message : undefined;
  const generalError = props.refusal && props.refusal.field === undefined ? props.refusal.message : undefined;
  return (
    <section class="panel bo-action" aria-labelledby="action-title">
      <h1 id="action-title">{props.title}</h1>
      {generalError && (
        <p class="alert" role="alert">
          {generalError}
        </p>
      )}
      <h2>{t('bo.action.consequences')}</h2>
      <ul class="bo-consequences">
        {props.consequences.map((sentence) => (
          <li>{sentence}</li>
        ))}
      </ul>
      <form method="post" action={props.action}>
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
        <input type="hidden" name={REQUEST_KEY_FIELD} value={props.requestKey} />
        {props.fields ?? NOTHING}
        <div class="field">
          <label for="action-reason">{t('bo.action.reason')}</label>
          {reasonError && (
            <p class="alert" role="alert" id="action-reason-error">
              {reasonError}
            </p>
          )}
          <textarea
            id="action-reason"
            name={REASON_FIELD}
            rows="3"
            required
            minlength="3"
            maxlength="500"
            aria-describedby={reasonError ? 'action-reason-error action-reason-hint' : 'action-reason-hint'}
            aria-invalid={reasonError ? 'true' : undefined}
          >
            {props.reason}
          </textarea>
          <p class="hint" id="action-reason-hint">
            {t('bo.action.reasonHint')}
          </p>
        </div>
        <div class="bo-action-buttons">
          <button type="submit" class="button">
            {props.submitLabel}
          </button>
          <a class="button button-secondary" href={props.returnTo}>
            {t('bo.action.cancel')}
          </a>
        </div>
      </form>
    </section>
  );
}

/** The object's state no longer allows the action: say why, and lead back. */
export function ActionUnavailable(props: { i18n: I18n; title: string; message: string; returnTo: string }): SafeHtml {
  return (
    <section class="panel bo-action" aria-labelledby="action-title">
      <h1 id="action-title">{props.title}</h1>
      <p class="notice notice-warn">{props.message}</p>
      <p>
        <a href={props.returnTo}>{props.i18n.t('bo.action.back')}</a>
      </p>
    </section>
  );
}

/**
 * The link to an action's confirmation page, shown only to a role the table allows (the server refuses the others
 * anyway). A link, not a form: opening the confirmation changes nothing.
 */
export function ActionLink(props: {
  request: FastifyRequest;
  action: OperatorAction;
  href: string;
  label: string;
  secondary?: boolean;
}): SafeHtml {
  if (!mayDo(props.request, props.action)) return NOTHING;
  return (
    <a class={props.secondary ? 'button button-secondary' : 'button'} href={props.href}>
      {props.label}
    </a>
  );
}

/** After an action: what was done, on the object's page (`?fatto=<action or notice>`, action-routes.ts). */
export function DoneNotice(props: { request: FastifyRequest }): SafeHtml {
  const done = (props.request.query as Record<string, unknown> | undefined)?.fatto;
  if (typeof done !== 'string' || done === 'read') return NOTHING;
  const tone = Object.hasOwn(ACTION_NOTICES, done)
    ? ACTION_NOTICES[done as ActionNotice]
    : Object.hasOwn(ACTION_ROLES, done)
      ? 'ok'
      : null;
  if (!tone) return NOTHING;
  return (
    <p class={tone === 'warn' ? 'notice notice-warn' : 'notice'} role="status">
      {props.request.i18n.t(`bo.done.${done}` as MessageKey)}
    </p>
  );
}
