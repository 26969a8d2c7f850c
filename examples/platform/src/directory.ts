// The platform's own users and accounts. A real platform has these in its identity system; the
// demo has a fixed directory so that sign-in is one click and every role can be tried.

export type DemoRole = 'admin' | 'credentials-manager' | 'member' | 'auditor'

export interface DemoUser {
  readonly id: string
  readonly name: string
  readonly accountId: string
  readonly role: DemoRole
}

export interface DemoAccount {
  readonly id: string
  readonly name: string
  /** The account's apps (App page) and environment. */
  readonly apps: ReadonlyArray<{ readonly id: string; readonly name: string }>
}

export const ACCOUNTS: ReadonlyArray<DemoAccount> = [
  { id: 'acme-corp', name: 'Acme Corp', apps: [{ id: 'storefront', name: 'storefront' }] },
  { id: 'globex', name: 'Globex', apps: [{ id: 'billing', name: 'billing' }] },
]

export const USERS: ReadonlyArray<DemoUser> = [
  { id: 'alice', name: 'Alice Admin', accountId: 'acme-corp', role: 'admin' },
  { id: 'carol', name: 'Carol Credentials', accountId: 'acme-corp', role: 'credentials-manager' },
  { id: 'bob', name: 'Bob Member', accountId: 'acme-corp', role: 'member' },
  { id: 'dana', name: 'Dana Auditor', accountId: 'acme-corp', role: 'auditor' },
  { id: 'gina', name: 'Gina Globex', accountId: 'globex', role: 'admin' },
]

export const ROLE_LABELS: Readonly<Record<DemoRole, string>> = {
  admin: 'Admin',
  'credentials-manager': 'Account Credentials Manager',
  member: 'Member',
  auditor: 'Auditor',
}

export function findUser(id: string | undefined): DemoUser | null {
  return USERS.find((user) => user.id === id) ?? null
}

export function findAccount(id: string): DemoAccount | null {
  return ACCOUNTS.find((account) => account.id === id) ?? null
}

/** The actor credkit checks: the account and the user's roles. */
export function actorOf(user: DemoUser) {
  return { accountId: user.accountId, userId: user.id, roles: [user.role] }
}
