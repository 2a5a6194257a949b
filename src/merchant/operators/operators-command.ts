import { randomBytes } from 'node:crypto';
import { type Command, CommandUsageError } from '../../admin/commands.ts';
import type { OperatorRole } from '../../db/schema.ts';
import { type CreateOperatorRefusal, createOperator } from './create-operator.ts';
import { findOperatorByEmail, listOperators, type Operator, setOperatorDisabled } from './operator-repository.ts';
import { isOperatorRole, OPERATOR_ROLES } from './operator-roles.ts';

const USAGE = [
  `usage: operators create --email EMAIL --role ${OPERATOR_ROLES.join('|')} [--name NAME]`,
  '       operators list',
  '       operators disable <email>',
  '       operators enable <email>',
].join('\n');

const REFUSALS: Record<CreateOperatorRefusal, string> = {
  email_invalid: '--email is not an email address',
  email_taken: 'an operator with this email exists already (see operators list)',
  name_invalid: '--name must be 1-200 characters',
  password_too_short: 'the generated password is too short (a bug)',
};

/**
 * `npm run cassa -- operators create|list|disable|enable`: the back office's accounts (docs/backoffice.md). A new
 * operator gets a generated password, printed once and never stored in clear; at the first sign-in they enrol their
 * authenticator app (TOTP), which production requires. The first admin of an installation is made here.
 */
export const operatorsCommand: Command = {
  description: `operators create --email E --role ${OPERATOR_ROLES.join('|')} [--name N] · operators list · operators disable|enable <email>`,
  async run({ merchantDb, clock }, args, report) {
    const [action, ...rest] = args;
    switch (action) {
      case 'create': {
        const options = parseOptions(rest);
        if (!options.email) throw new CommandUsageError(`--email is required\n${USAGE}`);
        if (!isOperatorRole(options.role)) {
          throw new CommandUsageError(`--role must be one of ${OPERATOR_ROLES.join(', ')}\n${USAGE}`);
        }
        const role: OperatorRole = options.role;
        // 18 random bytes: 24 characters of base64url, far beyond any guessing; the operator may keep it.
        const password = randomBytes(18).toString('base64url');
        const created = await createOperator(
          merchantDb,
          { email: options.email, name: options.name ?? options.email.split('@')[0] ?? options.email, role, password },
          { clock },
        );
        if (created.kind === 'refused') throw new CommandUsageError(REFUSALS[created.reason]);
        report({ type: 'line', text: password });
        return `created operator ${created.operator.email} (${role}): the password above is shown only once; the two-factor code is set up at the first sign-in`;
      }
      case 'list': {
        if (rest.length > 0) throw new CommandUsageError(USAGE);
        const operators = await listOperators(merchantDb);
        for (const operator of operators) report({ type: 'line', text: describe(operator) });
        return operators.length === 0 ? 'no operators' : `${operators.length} operator(s)`;
      }
      case 'disable':
      case 'enable': {
        const [email] = rest;
        if (!email || rest.length > 1) throw new CommandUsageError(USAGE);
        const operator = await findOperatorByEmail(merchantDb, email.trim().toLowerCase());
        if (!operator) throw new CommandUsageError(`no operator with the email "${email}" (see operators list)`);
        await setOperatorDisabled(merchantDb, operator.id, action === 'disable' ? clock.now() : null);
        // A disabled operator's sessions end at their next request (backoffice-app.ts checks disabled_at).
        return `${action === 'disable' ? 'disabled' : 'enabled'} operator ${operator.email}`;
      }
      default:
        throw new CommandUsageError(USAGE);
    }
  },
};

function describe(operator: Operator): string {
  return [
    operator.email,
    `"${operator.name}"`,
    operator.role,
    operator.totp_enabled_at ? 'two-factor on' : 'two-factor not set up',
    operator.disabled_at ? `disabled ${operator.disabled_at.toISOString()}` : 'active',
  ].join('  ');
}

function parseOptions(args: readonly string[]): { email?: string; role?: string; name?: string } {
  const options: { email?: string; role?: string; name?: string } = {};
  for (let i = 0; i < args.length; i += 2) {
    const flag = args[i];
    const value = args[i + 1];
    if ((flag !== '--email' && flag !== '--role' && flag !== '--name') || value === undefined) {
      throw new CommandUsageError(USAGE);
    }
    options[flag.slice(2) as 'email' | 'role' | 'name'] = value;
  }
  return options;
}
