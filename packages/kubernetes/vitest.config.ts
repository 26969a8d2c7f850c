import { credkitProject } from '../../vitest.project.js'

export default credkitProject({
  name: 'kubernetes',
  // Starts etcd + kube-apiserver from KUBEBUILDER_ASSETS once per run (or uses KUBECONFIG +
  // CREDKIT_TEST_NAMESPACE); every test works in a namespace of its own.
  globalSetup: ['./test/global-setup.ts'],
  testTimeout: 30_000,
  hookTimeout: 90_000,
})
