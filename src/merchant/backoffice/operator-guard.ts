import type { FastifyRequest } from 'fastify';
import type { Operator } from '../operators/operator-repository.ts';
import { can, type OperatorAction } from '../operators/operator-roles.ts';
import { AppError } from '../web/errors.ts';

/**
 * The signed-in operator, or a refusal. Every page but the login is behind the app's own check (backoffice-app.ts);
 * this is what a route calls to have the operator typed, and to refuse an action its role does not allow (403).
 */
export function operatorOf(request: FastifyRequest, action: OperatorAction = 'read'): Operator {
  const operator = request.operator;
  if (!operator) throw new AppError('forbidden', 'no operator signed in');
  if (!can(operator.role, action)) throw new AppError('forbidden', `${operator.role} may not ${action}`);
  return operator;
}

/** Whether to show the buttons of `action`: the same table the server refuses by. */
export function mayDo(request: FastifyRequest, action: OperatorAction): boolean {
  return request.operator !== null && can(request.operator.role, action);
}
