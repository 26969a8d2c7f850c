export { DnsName } from './dns-name.js'
export { createHostIndex, type HostIndex } from './host-index.js'
export { certificateHostNames, hostLookupNames, hostMatches } from './host-match.js'
export { isWildcardName, normalizeHostName } from './host-name.js'
