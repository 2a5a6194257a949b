import type { FastifyRequest } from 'fastify';
import type { Child } from '../../../shared/html/jsx-runtime.ts';
import type { AuditFacts } from '../../audit/audit-repository.ts';
import type { Operator } from '../../operators/operator-repository.ts';
import type { OperatorAction } from '../../operators/operator-roles.ts';
import type { I18n } from '../../web/i18n/i18n.ts';
import type { BackofficeDeps } from '../backoffice-deps.ts';

/** A refusal shown on the confirmation page again, with the form as it was sent. */
export interface ActionRefusal {
  ok: false;
  /** 400 for a form to correct, 409 when the object's state no longer allows the action, 422 for the bank's no. */
  status: 400 | 409 | 422;
  message: string;
  /** The field the message is about (its input gets aria-invalid and the message as description). */
  field?: string;
}

/**
 * What an action that was carried out may report besides "done" (its `bo.done.<name>` text on the object's page),
 * with the notice's tone: a refund the bank refused was still an operator's action, and is audited as one.
 */
export const ACTION_NOTICES = { refund_failed: 'warn', refund_pending: 'wait' } as const;
export type ActionNotice = keyof typeof ACTION_NOTICES;

export type ActionOutcome = { ok: true; audit: AuditFacts; notice?: ActionNotice } | ActionRefusal;

export interface ActionContext<Target> {
  deps: BackofficeDeps;
  target: Target;
  operator: Operator;
  /** The operator's reason, trimmed, 3 to 500 characters: required by every action. */
  reason: string;
  /** The other fields of the form as sent (already limited in size by the web ground). */
  form: Record<string, string>;
  /** Made when the confirmation page was shown: the same form sent twice is the same request. */
  requestKey: string;
  request: FastifyRequest;
}

/**
 * One operator action (issue 12, point 5): a confirmation page that states its consequences (GET `path`), and the
 * action itself (POST `path`), refused to a role the table does not allow, audited with the operator's reason.
 * action-routes.ts serves every definition the same way, so no action can skip the confirmation, the reason, the
 * role check, CSRF or the audit entry.
 */
export interface BackofficeAction<Target> {
  /** e.g. `/ordini/:number/rimborso`. */
  path: string;
  action: OperatorAction;
  /** The object from the path's params; null is a 404. */
  load(deps: BackofficeDeps, params: Record<string, string>): Promise<Target | null>;
  /** Why the action is not possible on this object now (shown instead of the form, 409), or null. */
  unavailable?(target: Target, i18n: I18n): string | null;
  title(target: Target, i18n: I18n): string;
  /** What will happen, each a sentence: the customer is emailed, the bank is called, it cannot be undone. */
  consequences(target: Target, i18n: I18n): string[];
  /** Fields beyond "Motivo" (refund's "Importo"), with the values sent and the refusal about one of them. */
  fields?(target: Target, i18n: I18n, values: Record<string, string>, refusal?: ActionRefusal): Child;
  submitLabel(i18n: I18n): string;
  /** The object's page: "Annulla" goes there, and so does a done action (with `?fatto=<action>`). */
  returnTo(target: Target): string;
  perform(context: ActionContext<Target>): Promise<ActionOutcome>;
}

/** Lets a list of differently typed actions be registered together. */
// biome-ignore lint/suspicious/noExplicitAny: each definition is checked against its own Target where it is written.
export type AnyBackofficeAction = BackofficeAction<any>;

/** Type-checks a definition against its own Target. */
export function defineAction<Target>(definition: BackofficeAction<Target>): BackofficeAction<Target> {
  return definition;
}
