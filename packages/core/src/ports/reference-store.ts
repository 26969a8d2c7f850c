import type { ReferenceRecord } from '../model/references.js'

/** Who uses which credential: apps, hosts and environments of the platform. */
export interface ReferenceStore {
  /** Records a reference; attaching the same (credential, kind, id) again replaces its purpose. */
  attach(reference: ReferenceRecord): Promise<void>
  /** Removes one reference; false if it was not there. */
  detach(accountId: string, credentialId: string, kind: ReferenceRecord['kind'], id: string): Promise<boolean>
  /** References of a credential, ordered by (kind, id). */
  list(accountId: string, credentialId: string): Promise<ReferenceRecord[]>
  /** Removes every reference of a credential (forced delete). */
  clear(accountId: string, credentialId: string): Promise<void>
}
