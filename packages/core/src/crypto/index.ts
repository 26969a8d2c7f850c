export { type EnvelopeBinding, encodeBinding } from './binding.js'
export {
  envelopeKeyId,
  openEnvelope,
  payloadDigest,
  rewrapEnvelope,
  type SealedEnvelope,
  sealEnvelope,
} from './envelope.js'
export { openJson, sealJson } from './envelope-json.js'
export { createLocalKeyring, generateKey, keyToBase64, type LocalKeyringOptions } from './local-keyring.js'
