/**
 * What one process runs (CASSA_ROLES, or `npm run cassa -- serve --roles …`): a comma list of roles, or `all`.
 * Any number of processes with web roles or `worker` may share one PostgreSQL: their state is in the database
 * (sessions, jobs claimed with SKIP LOCKED, schedules as singleton jobs, worker liveness rows), none in memory.
 */
export const ROLES = {
  area: 'Area Clienti (customer area)',
  pay: 'Pagamenti (the payment pages, and the bank notifications they receive)',
  api: 'the merchant REST API and its docs',
  backoffice: "the operators' back office",
  worker: 'every background queue: captures, reconciliation, renewals, email, webhooks, retention',
  bank: 'the Banca Sandbox and the delivery of its notifications',
  inbox: 'the built-in mail inbox (SMTP on loopback and its web page)',
} as const;

export type Role = keyof typeof ROLES;

export interface Roles {
  /** The roles this process runs. */
  set: ReadonlySet<Role>;
  /** `false` for `all` (the default): one process runs everything, as on the embedded database. */
  explicit: boolean;
}

export const ALL_ROLES: Roles = { set: new Set(Object.keys(ROLES) as Role[]), explicit: false };

/** Parses a role list; `problems` gets a message naming the source (`CASSA_ROLES`, `--roles`) for each mistake. */
export function parseRoles(value: string | undefined, source: string, problems: string[]): Roles {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'all') return ALL_ROLES;
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.filter((name) => !(name in ROLES));
  if (unknown.length > 0 || names.length === 0) {
    problems.push(
      `${source} has an unknown role ${unknown.map((name) => `"${name}"`).join(', ') || '(empty)'}: use a comma list of ` +
        `${Object.keys(ROLES).join(', ')}, or all`,
    );
    return ALL_ROLES;
  }
  return { set: new Set(names as Role[]), explicit: true };
}

export function describeRoles(roles: Roles): string {
  return roles.explicit ? [...roles.set].join(',') : 'all';
}

/** Roles that answer HTTP on the public web (behind the reverse proxy). */
export const WEB_ROLES = ['area', 'pay', 'api', 'backoffice'] as const satisfies readonly Role[];
