import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSimulatorClient } from '../../../src/simulator/index.ts'
import type { Harness } from './harness.ts'
import { credentials, startHarness, twiml } from './harness.ts'

let h: Harness
beforeEach(async () => {
  h = await startHarness()
})
afterEach(() => h.close())

async function restError(promise: Promise<unknown>): Promise<{ status: number; code: number }> {
  const error = await promise.then(() => null, (e: unknown) => e)
  expect(error).toBeInstanceOf(Error)
  expect((error as Error).constructor.name).toBe('RestException')
  const { status, code } = error as { status: number; code: number }
  return { status, code }
}

async function callInQueue(from = '+15551230001'): Promise<string> {
  h.on('voice', twiml('<Enqueue waitUrl="/hooks/hold" action="/hooks/queue-action">support</Enqueue>'))
  h.on('hold', twiml('<Play>http://example.test/music.mp3</Play>'))
  const { sid } = await h.sim.placeInboundCall({ from })
  await h.sim.waitFor((e) => e.type === 'queue' && e.callSid === sid)
  return sid
}

describe('REST Calls with the official twilio client', () => {
  it('creates, fetches, lists and hangs up a call', async () => {
    h.on('answer', twiml('<Pause length="100"/>'))
    const created = await h.client.calls.create({ to: '+15551110001', from: credentials.phoneNumber, url: `${h.base}/hooks/answer` })
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/)
    expect(created).toMatchObject({ status: 'queued', direction: 'outbound-api', to: '+15551110001', accountSid: credentials.accountSid })
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === created.sid && e.status === 'in-progress')
    expect((await h.client.calls(created.sid).fetch()).status).toBe('in-progress')
    const listed = await h.client.calls.list({ to: '+15551110001' })
    expect(listed.map((c) => c.sid)).toEqual([created.sid])
    const ended = await h.client.calls(created.sid).update({ status: 'completed' })
    expect(ended.status).toBe('completed')
    expect(ended.endTime).toBeInstanceOf(Date)
  })

  it('pages through a list', async () => {
    h.on('answer', twiml('<Pause length="100"/>'))
    for (let i = 0; i < 3; i++) await h.client.calls.create({ to: '+15551110001', from: credentials.phoneNumber, url: `${h.base}/hooks/answer` })
    expect(await h.client.calls.list({ pageSize: 2 })).toHaveLength(3)
  })

  it('answers bad credentials with 401 / 20003', async () => {
    const wrong = createSimulatorClient(`${h.base}/sim`, credentials.accountSid, 'wrong-token')
    expect(await restError(wrong.calls.list())).toEqual({ status: 401, code: 20003 })
  })

  it('answers an unknown call SID with 404 / 20404', async () => {
    expect(await restError(h.client.calls('CA' + '0'.repeat(32)).fetch())).toEqual({ status: 404, code: 20404 })
  })

  it('refuses to redirect a call that is not in progress: 400 / 21220', async () => {
    h.on('voice', twiml('<Say>bye</Say>'))
    const { sid } = await h.sim.placeInboundCall({ from: '+15551230001' })
    await h.sim.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed')
    expect(await restError(h.client.calls(sid).update({ twiml: twiml('<Say>again</Say>') }))).toEqual({ status: 400, code: 21220 })
  })

  it('rejects a create without To with a Twilio error body (400 / 21201)', async () => {
    const auth = Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64')
    const res = await fetch(`${h.base}/sim/2010-04-01/Accounts/${credentials.accountSid}/Calls.json`, {
      method: 'POST',
      headers: { Authorization: `Basic ${auth}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ From: credentials.phoneNumber, Url: `${h.base}/hooks/answer` }).toString(),
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 21201, status: 400, more_info: 'https://www.twilio.com/docs/errors/21201' })
  })
})

describe('REST Queues and Members', () => {
  it('lists and fetches queues created by <Enqueue>', async () => {
    const sid = await callInQueue()
    const [queue] = await h.client.queues.list()
    expect(queue).toMatchObject({ friendlyName: 'support', currentSize: 1, maxSize: 1000 })
    expect(queue?.sid).toMatch(/^QU[0-9a-f]{32}$/)
    const fetched = await h.client.queues(queue?.sid ?? '').fetch()
    expect(fetched.currentSize).toBe(1)
    const members = await h.client.queues(queue?.sid ?? '').members.list()
    expect(members.map((m) => [m.callSid, m.position])).toEqual([[sid, 1]])
  })

  it('dequeues the front member to a Url', async () => {
    const first = await callInQueue('+15551230001')
    const second = await callInQueue('+15551230002')
    h.on('dequeued', twiml('<Say>You are through</Say>'))
    const [queue] = await h.client.queues.list()
    const member = await h.client.queues(queue?.sid ?? '').members('Front').update({ url: `${h.base}/hooks/dequeued`, method: 'POST' })
    expect(member.callSid).toBe(first)
    const request = await h.waitForRequest('dequeued')
    expect(request.params.CallSid).toBe(first)
    expect((await h.waitForRequest('queue-action', (r) => r.params.CallSid === first)).params.QueueResult).toBe('redirected')
    await h.sim.waitFor((e) => e.type === 'queue' && e.callSid === second && e.position === 1)
    expect(await restError(h.client.queues(queue?.sid ?? '').members(first).update({ url: `${h.base}/hooks/dequeued` }))).toEqual({ status: 404, code: 20404 })
  })
})
