export {
  type ClusterConfig,
  createKubernetesRegions,
  type KubernetesRegions,
  type KubernetesRegionsOptions,
} from './kubernetes-regions.js'
export type { AcmeOptions } from './manifests/acme.js'
export { DEFAULT_BCRYPT_COST } from './manifests/basic-auth.js'
export { DRIFTED } from './observation.js'
