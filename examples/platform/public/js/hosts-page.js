import { api } from './api.js'
import { formatDate, h, mount, toast } from './dom.js'
import { clearErrors, field, input, showIssues, validatedForm } from './form-fields.js'

const STATUS = { ready: 'ready', 'pending-issuance': 'pending issuance', expired: 'expired' }

function candidateLabel(c) {
  const expiry = c.notAfter ? `, expires ${formatDate(c.notAfter)}` : ''
  return `${c.name} · ${c.matchedName} (${STATUS[c.status] ?? c.status}${expiry})`
}

/** The Hosts list and the host editor's "Use account certificate" select, for every member. */
export async function renderHostsPage(main) {
  const fields = new Map()
  const banner = h('div', { class: 'form-banner', role: 'alert', tabindex: '-1', hidden: true })
  const host = input({ placeholder: 'api.example.com' })
  const certificate = h('select', { disabled: true }, h('option', { value: '' }, 'Type a host name first'))
  const list = h('tbody')
  let timer = 0

  const loadCandidates = async () => {
    clearErrors(fields, banner)
    const name = host.value.trim()
    if (!name) return
    try {
      const { items } = await api('GET', `/hosts/candidates?host=${encodeURIComponent(name)}`)
      mount(
        certificate,
        h('option', { value: '' }, 'Platform-managed certificate'),
        items.map((c) => h('option', { value: c.id }, candidateLabel(c))),
      )
      certificate.disabled = false
    } catch (error) {
      certificate.disabled = true
      showIssues(fields, banner, error.body?.issues ?? [], error.message)
    }
  }
  host.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(loadCandidates, 300)
  })

  const loadHosts = async () => {
    const { items } = await api('GET', '/hosts')
    mount(
      list,
      ...(items.length
        ? items.map((entry) =>
            h(
              'tr',
              {},
              h('td', {}, entry.host),
              h(
                'td',
                {},
                entry.certificate ? candidateLabel(entry.certificate) : 'Platform-managed certificate',
              ),
            ),
          )
        : [h('tr', {}, h('td', { colspan: '2', class: 'muted' }, 'No hosts yet.'))]),
    )
  }

  const form = validatedForm(
    {
      fields,
      banner,
      submit: async () => {
        const saved = await api('PUT', '/hosts', {
          host: host.value,
          certificateId: certificate.value || null,
        })
        toast(`Saved ${saved.host}`)
        await loadHosts()
      },
    },
    field(fields, {
      key: 'host',
      label: 'Host name',
      hint: 'A name this account serves, e.g. api.example.com.',
      control: host,
    }),
    field(fields, {
      key: 'certificateId',
      label: 'Use account certificate',
      hint: 'TLS certificates and ACME wildcards whose common name or alt names match the host, ready first.',
      control: certificate,
    }),
    h('div', { class: 'form-actions' }, h('button', { type: 'submit', class: 'primary' }, 'Save host')),
  )
  mount(
    main,
    h('h1', {}, 'Hosts'),
    h('section', { class: 'card' }, h('h2', { class: 'small-title' }, 'Host editor'), form),
    h(
      'section',
      { class: 'card' },
      h('h2', { class: 'small-title' }, 'Hosts of this account'),
      h(
        'table',
        { class: 'hosts' },
        h(
          'thead',
          {},
          h('tr', {}, h('th', { scope: 'col' }, 'Host'), h('th', { scope: 'col' }, 'Certificate')),
        ),
        list,
      ),
    ),
  )
  await loadHosts()
}
