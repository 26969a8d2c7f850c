import { z } from 'zod'
import { normalizeHostName } from './host-name.js'

const MESSAGE =
  'must be a DNS name such as example.com or *.example.com: letters, digits and hyphens, ' +
  'at most 63 per label and 253 in all; `*` only as the whole leftmost label'

/**
 * A DNS name where `*` may only be the whole leftmost label (see `normalizeHostName`), output in
 * its normalised lower-case A-label form. Issues never repeat the rejected value.
 */
export const DnsName = z
  .string()
  .max(1024)
  .transform((value, ctx) => {
    const name = normalizeHostName(value)
    if (name === null) {
      ctx.addIssue({ code: 'custom', message: MESSAGE })
      return z.NEVER
    }
    return name
  })
export type DnsName = z.output<typeof DnsName>
