import type { BackofficeOperatorsKey } from './backoffice-operators-it.ts';

/** The back office's operators page and its actions, in English. */
export const backofficeOperatorsEn: Record<BackofficeOperatorsKey, string> = {
  'bo.operators.title': 'Operators',
  'bo.operators.cli':
    "A new operator is created from the server's terminal: npm run cassa -- operators create --email … --role viewer|support|admin (the password is shown once; the two-factor code is set up at the first sign-in).",
  'bo.operators.email': 'Email',
  'bo.operators.name': 'Name',
  'bo.operators.role': 'Role',
  'bo.operators.twoFactor': 'Two-factor',
  'bo.operators.twoFactorOn': 'On',
  'bo.operators.twoFactorOff': 'To set up at the first sign-in',
  'bo.operators.status': 'Status',
  'bo.operators.active': 'Active',
  'bo.operators.disabled': 'Disabled',
  'bo.operators.you': "That's you",
  'bo.operators.changeRole': 'Change role',
  'bo.operators.disable': 'Disable',
  'bo.operators.enable': 'Enable',
  'bo.operators.roleTitle': 'Change the role of {email}',
  'bo.operators.roleNow': 'Current role: {role}.',
  'bo.operators.roleEffect':
    'The new role applies from the next page the operator opens: Read only sees; Support may also resend emails, switch off renewals, cancel orders, check payments; Administrator may also refund and manage operators.',
  'bo.operators.roleSubmit': 'Confirm role',
  'bo.operators.roleInvalid': 'Choose a role: Read only, Support or Administrator.',
  'bo.operators.roleSame': 'The operator has this role already: choose another.',
  'bo.operators.disableTitle': 'Disable {email}',
  'bo.operators.disableEffect': 'The operator can no longer sign in; their open sessions end at their next request.',
  'bo.operators.disableAudit': 'Their entries in the activity log stay as they are.',
  'bo.operators.disableSubmit': 'Confirm disabling',
  'bo.operators.enableTitle': 'Enable {email}',
  'bo.operators.enableEffect': 'The operator may sign in again, with the same password and two-factor code.',
  'bo.operators.enableSubmit': 'Confirm enabling',
  'bo.operators.alreadyDisabled': 'The operator is disabled already.',
  'bo.operators.notDisabled': 'The operator is active: there is nothing to enable.',
  'bo.operators.notSelf': 'You cannot change your own role or disable yourself: ask another administrator.',
};
