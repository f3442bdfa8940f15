import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { hiddenField, type TestClient } from '../../support/http.ts'
import { callAndChoose, timeline } from '../../support/caller.ts'

let t: TestApp
let admin: TestClient
let csrf: string
let queues: Record<'Sales' | 'Support', number>
beforeAll(async () => {
  t = await startTestApp({ frontDoor: true })
  admin = await t.loggedIn('admin')
  csrf = hiddenField(await (await admin.get('/admin/queues')).text(), '_csrf')
  const rows = await t.prisma.queue.findMany({ select: { id: true, name: true } })
  queues = Object.fromEntries(rows.map((q) => [q.name, q.id])) as typeof queues
})
afterEach(async () => {
  for (const call of t.app.simulator.calls.values()) t.app.simulator.hangUp(call.sid)
})
afterAll(() => t.close())

const submit = (path: string, form: Record<string, string | string[]>) => {
  const body = new URLSearchParams()
  for (const [name, value] of Object.entries({ ...form, _csrf: csrf })) for (const one of [value].flat()) body.append(name, one)
  return fetch(new URL(path, t.url), { method: 'POST', redirect: 'manual', headers: { cookie: admin.cookieHeader, 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() })
}
const validQueue = { name: 'Billing', greeting: 'Billing here.', holdMusicUrl: 'http://example.test/hold.mp3', maxWaitSeconds: '90', overflowAction: 'callback', announceEverySeconds: '20' }
const auditCount = () => t.prisma.auditEntry.count()

describe('the admin pages', () => {
  it('are for admins only', async () => {
    const alice = await t.loggedIn('alice')
    for (const path of ['/admin/queues', '/admin/menu', '/admin/hours', '/admin/audit', `/admin/queues/${queues.Sales}`]) expect((await alice.get(path)).status).toBe(403)
    expect((await alice.post('/admin/queues', { ...validQueue, _csrf: alice.csrfToken! })).status).toBe(403)
    expect((await t.client().get('/admin/hours')).status).toBe(303)
    expect(await t.prisma.queue.count({ where: { name: 'Billing' } })).toBe(0)
  })

  it('Queues: a refused queue answers 422 with each field’s error and what was typed, and saves nothing', async () => {
    const before = await auditCount()
    const refused = await submit('/admin/queues', { name: '', greeting: 'Keep this greeting', holdMusicUrl: 'ftp://nope', maxWaitSeconds: 'soon', overflowAction: 'explode', announceEverySeconds: '3', members: ['99999'] })
    expect(refused.status).toBe(422)
    const html = await refused.text()
    for (const message of ['Name is required.', 'Hold music URL must be an http(s) URL.', 'Longest wait must be a whole number.', 'Choose what happens after the longest wait.', 'Announce every 10 seconds or more (0: never).']) expect(html).toContain(message)
    expect(html).toContain('value="Keep this greeting"')
    expect(html).toContain('aria-invalid="true"')
    expect((await submit('/admin/queues', { ...validQueue, members: [String(t.agents.alice.id), '99999'] })).status).toBe(422)
    expect((await submit('/admin/queues', { ...validQueue, name: 'sales' })).status).toBe(422)
    expect((await submit('/admin/queues', { ...validQueue, name: ['Billing', 'Twice'] })).status).toBe(422)
    expect((await submit('/admin/queues', { ...validQueue, greeting: 'nul\u0000byte' })).status).toBe(422)
    expect((await submit('/admin/queues', { ...validQueue, greeting: 'x'.repeat(2_000_000) })).status).toBe(413)
    expect((await admin.post('/admin/queues', validQueue)).status).toBe(403)
    expect(await t.prisma.queue.count({ where: { name: 'Billing' } })).toBe(0)
    expect(await auditCount()).toBe(before)
  })

  it('Queues: creating and changing a queue with its agents, each change in the audit list', async () => {
    const created = await submit('/admin/queues', { ...validQueue, members: [String(t.agents.alice.id), String(t.agents.bob.id)] })
    expect(created.status).toBe(303)
    const billing = await t.prisma.queue.findUniqueOrThrow({ where: { name: 'Billing' }, include: { members: true } })
    expect(billing).toMatchObject({ maxWaitSeconds: 90, overflowAction: 'callback', announceEverySeconds: 20 })
    expect(billing.members.map((m) => m.agentId).sort()).toEqual([t.agents.alice.id, t.agents.bob.id].sort())

    expect((await submit(`/admin/queues/${billing.id}`, { ...validQueue, name: 'Billing and accounts', members: String(t.agents.bob.id) })).status).toBe(303)
    expect((await t.prisma.queueMember.findMany({ where: { queueId: billing.id } })).map((m) => m.agentId)).toEqual([t.agents.bob.id])
    const [changed, made] = await t.prisma.auditEntry.findMany({ orderBy: { id: 'desc' }, take: 2 })
    expect(made).toMatchObject({ action: 'queue.created', summary: 'Created queue Billing', agentId: t.agents.admin.id })
    expect(changed).toMatchObject({ action: 'queue.updated', changes: { name: { from: 'Billing', to: 'Billing and accounts' }, members: { from: expect.any(Array), to: [t.agents.bob.id] } } })
    const page = await (await admin.get('/admin/audit')).text()
    expect(page).toContain('Created queue Billing')
    expect(page).toContain('Changed queue Billing and accounts')
    expect((await admin.get('/admin/queues/999999')).status).toBe(404)
    expect((await admin.get('/admin/queues/abc')).status).toBe(404)
    expect((await submit('/admin/queues/999999', validQueue)).status).toBe(404)
  })

  it('Menu: a saved menu is what the next caller hears, and a refused one changes nothing', async () => {
    const menu = { greeting: 'Press 2 for support.', fallbackAction: 'queue', fallbackQueueId: String(queues.Sales), digit_2_action: 'queue', digit_2_queue: String(queues.Support), digit_2_keywords: 'support, help' }
    const refused = await submit('/admin/menu', { ...menu, digit_3_action: 'queue' })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('Choose the queue for 3.')
    expect((await submit('/admin/menu', { ...menu, fallbackQueueId: '424242' })).status).toBe(422)
    expect((await submit('/admin/menu', menu)).status).toBe(303)
    expect(await t.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).toMatchObject({ action: 'menu.saved', summary: `Changed the menu of ${t.app.telephony.number}` })

    const sid = await callAndChoose(t, '+15557770001', { press: '2' })
    await expect.poll(() => t.prisma.call.findUniqueOrThrow({ where: { twilioSid: sid } })).toMatchObject({ queueId: queues.Support })
    expect((await admin.get('/admin/menu')).status).toBe(200)
  })

  it('Hours: refuses an unknown time zone and a day that closes before it opens; a saved schedule decides the next ring', async () => {
    const hours = { timeZone: 'Europe/Paris', afterHoursMessage: 'We are closed.', override: 'schedule', opens_1: '09:00', closes_1: '17:00', holidays: '2026-12-25 Christmas' }
    const zone = await submit('/admin/hours', { ...hours, timeZone: 'Mars/Olympus' })
    expect(zone.status).toBe(422)
    expect(await zone.text()).toContain('Time zone must be an IANA name')
    const backwards = await submit('/admin/hours', { ...hours, opens_1: '18:00' })
    expect(backwards.status).toBe(422)
    expect(await backwards.text()).toContain('Monday: closing comes after opening')
    expect((await submit('/admin/hours/switch', { override: 'maybe' })).status).toBe(422)

    expect((await submit('/admin/hours', { ...hours, override: 'closed' })).status).toBe(303)
    expect(await t.prisma.holiday.findMany()).toEqual([{ date: '2026-12-25', name: 'Christmas' }])
    expect(await t.prisma.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).toMatchObject({ action: 'hours.saved', summary: expect.stringContaining('Europe/Paris: Mon 09:00–17:00; forced closed') })
    expect(await (await admin.get('/admin/hours')).text()).toContain('Closed now (emergency switch)')
    const { sid } = await t.app.simulator.placeInboundCall({ from: '+15557770002' })
    await t.app.simulator.waitFor((e) => e.type === 'verb' && e.callSid === sid && e.verb === 'Record')
    expect(await timeline(t, { twilioSid: sid })).toEqual(['after_hours'])
    expect((await submit('/admin/hours/switch', { override: 'open' })).status).toBe(303)
  })
})
