export {
  type CertificateBundleInput,
  type CertificateBundleOptions,
  parseCertificateBundle,
} from './bundle.js'
export {
  type CertificateBundle,
  type CertificateBundleFailure,
  type CertificateBundleResult,
  type CertificateField,
  type CertificateProblem,
  certificateIssues,
} from './bundle-result.js'
export { parseCertificateMetadata } from './metadata.js'
export { MAX_PEM_LENGTH, TlsCertificateData, TlsCertificateUpdate } from './schemas.js'
