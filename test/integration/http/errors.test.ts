import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'
import { rawPost } from '../../support/raw-http.ts'
import { newCallSid, postWebhook, voiceParams } from '../../support/twilio.ts'

let t: TestApp
let alice: TestClient
let admin: TestClient
beforeAll(async () => {
  t = await startTestApp()
  ;[alice, admin] = await Promise.all([t.loggedIn('alice'), t.loggedIn('admin')])
})
afterAll(() => t.close())

const form = { 'content-type': 'application/x-www-form-urlencoded' }
const mebibytes = (count: number) => Buffer.alloc(count * 1024 * 1024, 'a')

/** The app still answers a valid ring after each refusal: one bad request costs nobody else. */
async function aRingIsStillStored() {
  const sid = newCallSid()
  expect((await postWebhook(t, '/twilio/voice', voiceParams(t, sid))).status).toBe(200)
  expect(await t.prisma.call.count({ where: { twilioSid: sid } })).toBe(1)
}

describe('bodies the app does not take', () => {
  it.each(['/login', '/twilio/voice', '/calls'])('answers 413 to a body over 1 MiB on %s, and the client reads it', async (path) => {
    const calls = await t.prisma.call.count()
    const answer = await rawPost(t.url, path, { ...form, cookie: alice.cookieHeader }, mebibytes(2))
    expect(answer.status).toBe(413)
    expect(answer.body).toContain('This request is too large.')
    expect(await t.prisma.call.count()).toBe(calls)
  })

  it('answers 413 to a 10 MiB body still arriving, instead of resetting the connection', async () => {
    for (const path of ['/login', '/twilio/voice', '/login', '/twilio/voice']) {
      const answer = await rawPost(t.url, path, form, mebibytes(10))
      expect(answer.status).toBe(413)
    }
    const chunked = await rawPost(t.url, '/twilio/voice', { ...form, 'transfer-encoding': 'chunked' }, mebibytes(10))
    expect(chunked.status).toBe(413)
    await aRingIsStillStored()
  })

  it.each([
    ['application/xml', '<Response/>'],
    ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="a"\r\n\r\nb\r\n--x--'],
    ['text/plain', 'CallSid=CA1'],
    ['application/json', '{"CallSid": "CA1"}'],
  ])('answers 415 to %s on the webhooks and the forms', async (type, body) => {
    const calls = await t.prisma.call.count()
    for (const path of ['/twilio/voice', '/login', '/calls']) {
      const answer = await rawPost(t.url, path, { 'content-type': type, cookie: alice.cookieHeader }, body)
      expect(answer.status, path).toBe(415)
    }
    expect(await t.prisma.call.count()).toBe(calls)
    await aRingIsStillStored()
  })

  it('answers 415 to a body without a content type, and Twilio reads why as text', async () => {
    const answer = await rawPost(t.url, '/twilio/voice', {}, 'CallSid=CA1')
    expect(answer.status).toBe(415)
    expect(answer.headers['content-type']).toMatch(/^text\/plain/)
    expect(answer.body).toBe('Malformed Twilio request: This content type is not accepted here; send a form.')
    expect((await rawPost(t.url, '/login', {}, 'email=a')).status).toBe(415)
  })

  it('answers 400 to broken JSON where JSON is taken (the simulator console API)', async () => {
    const account = Buffer.from(`${t.app.telephony.accountSid}:${t.app.telephony.authToken}`).toString('base64')
    const answer = await rawPost(t.url, '/sim/simulator/calls', { 'content-type': 'application/json', authorization: `Basic ${account}` }, '{"from": ')
    expect(answer.status).toBe(400)
    expect(answer.body).toContain('The JSON in this request is malformed.')
  })
})

describe('values the database cannot hold', () => {
  it('answers 404 for ids beyond int4 or not numbers, before the database is asked', async () => {
    for (const id of ['99999999999', '2147483648', '0', '-1', '1e3', 'abc']) {
      const call = await alice.htmxPost(`/calls/${id}`, { action: 'accept', version: '0' })
      expect(call.status, id).toBe(404)
      expect(await call.text()).toContain('No such call.')
      const agent = await admin.get(`/admin/agents/${id}`)
      expect(agent.status, id).toBe(404)
      expect(await agent.text()).toContain('No such agent.')
    }
    expect((await admin.get(`/admin/agents/${t.agents.alice.id}`)).status).toBe(200)
  })

  it('answers 400 when a value reaches the database and is refused there (out of range, NUL byte)', async () => {
    const call = await t.prisma.call.create({ data: { direction: 'inbound', status: 'queued', from: '+15550001111', to: '+15550100000' } })
    const version = await alice.htmxPost(`/calls/${call.id}`, { action: 'accept', version: '3000000000' })
    expect(version.status).toBe(400)
    const nul = await admin.get('/admin/numbers/%2B1555%00')
    expect(nul.status).toBe(400)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: call.id }, select: { status: true } })).toEqual({ status: 'queued' })
  })
})

describe('error pages', () => {
  it('shows a browser an unknown URL as a page in the layout, with the status and a way home', async () => {
    const page = await admin.get('/no/such/page', { accept: 'text/html,application/xhtml+xml' })
    expect(page.status).toBe(404)
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    const html = await page.text()
    expect(html).toContain('<header class="topbar">')
    expect(html).toContain('404 · Not Found')
    expect(html).toContain('No such page.')
    expect(html).toContain('<a href="/">')
  })

  it('shows a refused page in the layout, with who is logged in', async () => {
    const page = await alice.get('/admin/calls', { accept: 'text/html' })
    expect(page.status).toBe(403)
    const html = await page.text()
    expect(html).toContain('403 · Forbidden')
    expect(html).toContain('Admins only.')
    expect(html).toContain('Alice Agent (agent)')
  })

  it('gives htmx a fragment and other clients a line of text', async () => {
    const fragment = await alice.htmxPost('/calls/99999999999', { action: 'accept', version: '0' })
    expect(await fragment.text()).toBe('<p class="error" role="alert">No such call.</p>\n')
    const text = await alice.get('/no/such/page')
    expect(text.status).toBe(404)
    expect(text.headers.get('content-type')).toMatch(/^text\/plain/)
    expect(await text.text()).toBe('No such page.')
  })

  it('still sends a page GET without a session to the login form', async () => {
    const response = await t.client().get('/admin/calls', { accept: 'text/html' })
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toBe('/login?next=%2Fadmin%2Fcalls')
  })
})
