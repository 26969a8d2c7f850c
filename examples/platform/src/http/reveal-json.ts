import { isSecret, type RevealedSecrets } from '@credkit/core'

/**
 * The revealed secret fields as the reveal dialog shows them: each unwrapped (the one place a
 * value leaves its `Secret` wrapper); an ACME provider config as indented JSON.
 */
export function revealedToJson(revealed: RevealedSecrets): { type: string; fields: Record<string, string> } {
  const fields: Record<string, string> = {}
  for (const [key, value] of Object.entries(revealed)) {
    if (key === 'type' || !isSecret(value)) continue
    const plain: unknown = value.reveal()
    fields[key] = typeof plain === 'string' ? plain : JSON.stringify(plain, null, 2)
  }
  return { type: revealed.type, fields }
}
