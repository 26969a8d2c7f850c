/** A Secret credkit writes: its type and its data as text (the adapter base64-encodes it). */
export interface DesiredSecret {
  readonly kind: 'Secret'
  readonly name: string
  readonly type: string
  readonly data: Readonly<Record<string, string>>
}

/** A cert-manager object credkit writes: its `spec`. */
export interface DesiredResource {
  readonly kind: 'Issuer' | 'Certificate'
  readonly name: string
  readonly spec: Readonly<Record<string, unknown>>
}

export type DesiredObject = DesiredSecret | DesiredResource

/** The part of an object credkit compares and digests: Secret type + decoded data, or spec. */
export function contentOf(object: DesiredObject): Record<string, unknown> {
  return object.kind === 'Secret' ? { type: object.type, data: object.data } : { spec: object.spec }
}
