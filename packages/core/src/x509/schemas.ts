import { z } from 'zod'
import { strictFields } from '../validate.js'

/** Largest accepted PEM text per box: 64 KiB. */
export const MAX_PEM_LENGTH = 64 * 1024

const pemText = z
  .string()
  .max(MAX_PEM_LENGTH, `must be at most ${MAX_PEM_LENGTH} characters of PEM text`)
  .refine((value) => value.trim() !== '', 'must not be empty')

const chainText = z
  .string()
  .max(MAX_PEM_LENGTH, `must be at most ${MAX_PEM_LENGTH} characters of PEM text`)
  .nullish()

/**
 * The TLS certificate form, structure only: non-empty PEM texts of bounded size. Contents are
 * checked by `parseCertificateBundle`.
 */
export const TlsCertificateData = strictFields({
  certificate: pemText,
  privateKey: pemText,
  chain: chainText,
})
export type TlsCertificateData = z.output<typeof TlsCertificateData>

/**
 * A TLS certificate update: every field optional. An omitted `privateKey` keeps the stored one
 * (a renewed certificate for the same key); `chain: null` or `''` removes the chain.
 */
export const TlsCertificateUpdate = strictFields({
  certificate: pemText.optional(),
  privateKey: pemText.optional(),
  chain: chainText,
})
export type TlsCertificateUpdate = z.output<typeof TlsCertificateUpdate>
