import { describe, expect, it } from 'vitest'
import { ACCOUNT, actors } from './harness.js'
import { syncSecret, useSyncHarness } from './sync-harness.js'

const h = useSyncHarness({ regions: ['eu-1', 'us-1'] })
const { admin, member } = actors

const wildcard = () =>
  h.credentials.create(admin, {
    type: 'acme-wildcard',
    name: 'wildcard',
    data: {
      provider: 'cloudflare',
      commonName: '*.example.com',
      altNames: ['example.com'],
      providerConfig: { apiToken: syncSecret('cf-token') },
    },
  })

describe('ACME issuance', () => {
  it('stores pending, issued and failed issuance per region; matchCertificates is ready once issued everywhere', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    await h.credentials.prepareRegion(ACCOUNT, 'us-1')
    const view = await wildcard()
    await h.credentials.runDueJobs()
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
    const [pending] = await h.credentials.matchCertificates(member, 'api.example.com')
    expect(pending).toMatchObject({ id: view.id, status: 'pending-issuance' })

    h.regions.issue('eu-1', view.id)
    h.regions.failIssuance('us-1', view.id, 'DNS-01 challenge failed')
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toEqual({ observed: 2, updated: 2, failed: 0 })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toMatchObject({
      state: 'issued',
      certificate: { commonName: '*.example.com', altNames: ['example.com'] },
    })
    expect((await h.status(view.id, 'us-1'))?.issuance).toEqual({
      state: 'failed',
      message: 'DNS-01 challenge failed',
    })
    expect(
      (await h.credentials.matchCertificates(member, 'api.example.com', { region: 'eu-1' }))[0],
    ).toMatchObject({
      status: 'ready',
    })

    h.regions.issue('us-1', view.id)
    expect(await h.credentials.refreshIssuance()).toEqual({ observed: 2, updated: 1, failed: 0 })
    const [ready] = await h.credentials.matchCertificates(member, 'api.example.com')
    expect(ready).toMatchObject({ status: 'ready', notAfter: expect.any(String) })
    // issuance is all refreshIssuance writes
    expect(await h.status(view.id, 'us-1')).toMatchObject({ state: 'synced', version: 1 })
  })

  it('counts a region that cannot be observed and keeps the last known issuance', async () => {
    await h.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await wildcard()
    await h.credentials.runDueJobs()
    h.regions.faults.down('eu-1')
    expect(await h.credentials.refreshIssuance(ACCOUNT)).toEqual({ observed: 0, updated: 0, failed: 1 })
    expect((await h.status(view.id, 'eu-1'))?.issuance).toEqual({ state: 'pending' })
  })
})

describe('ACME issuance, instant', () => {
  const instant = useSyncHarness({ regions: ['eu-1'], regionOptions: { acmeIssuance: 'instant' } })
  it('records the issued certificate with the push itself', async () => {
    await instant.credentials.prepareRegion(ACCOUNT, 'eu-1')
    const view = await instant.credentials.create(admin, {
      type: 'acme-wildcard',
      name: 'wildcard',
      data: {
        provider: 'cloudflare',
        commonName: '*.example.com',
        providerConfig: { apiToken: syncSecret('cf') },
      },
    })
    await instant.credentials.runDueJobs()
    expect((await instant.status(view.id, 'eu-1'))?.issuance).toMatchObject({ state: 'issued' })
  })
})
