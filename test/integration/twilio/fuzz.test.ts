import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { newCallSid, voiceParams } from '../../support/twilio.ts'
import { signTwilioRequest } from '../../../src/simulator/index.ts'

type Params = Record<string, string | string[]>

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

/** A small seeded generator, so a failure can be replayed with FUZZ_SEED. */
function generator(seed: number) {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = Math.imul(state ^ (state >>> 15), 1 | state)
    x ^= x + Math.imul(x ^ (x >>> 7), 61 | x)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
  const int = (max: number) => Math.floor(next() * max)
  const pick = <T,>(items: readonly T[]): T => items[int(items.length)]!
  return { next, int, pick }
}

const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)
const random = generator(seed)

const alphabets = ['abcXYZ019+', '\u0000\u0001\u0007\u001b\u007f\u0085', 'éüßøñ中文字符😀👩‍👩‍👧', '\ud800\udfff\u200b\u202e\ufeff', '<>&"\'%=;/\\', ' \t\r\n']

function junk(): string {
  const length = random.pick([0, 1, 2, 10, 64, 65, 200, 201, 2_800, 10_000])
  const letters = random.pick(alphabets)
  return Array.from({ length }, () => letters[random.int(letters.length)]).join('')
}

function value(name: string, known: string[]): string {
  const choices: (() => string)[] = [
    junk,
    () => String(random.pick([0, -1, 1.5, 2_147_483_647, 2_147_483_648, 3_000_000_000, Number.MAX_SAFE_INTEGER])),
    () => newCallSid(),
    () => random.pick(known),
    () => random.pick(['queued', 'ringing', 'in-progress', 'completed', 'busy', 'failed', 'no-answer', 'canceled', 'answered', 'hangup', 'redirected', 'bridged']),
  ]
  if (name === 'From' || name === 'To') choices.push(() => `+1555${random.int(10_000_000)}`)
  return random.pick(choices)()
}

const names = ['CallSid', 'From', 'To', 'CallerName', 'CallStatus', 'SequenceNumber', 'ParentCallSid', 'QueueResult', 'DialCallStatus', 'QueuePosition', 'AccountSid', 'Digits', 'x', '', 'SpeechResult', 'QueueTime', 'RecordingSid', 'RecordingStatus', 'RecordingUrl', 'RecordingDuration', 'TranscriptionStatus', 'TranscriptionText']

function fuzzParams(known: string[]): Params {
  const params: Params = {}
  for (const name of names) {
    if (random.next() < 0.4) continue
    params[name] = random.next() < 0.1 ? [value(name, known), value(name, known)] : value(name, known)
  }
  return params
}

function fuzzPath(ids: number[]): string {
  const id = random.pick([...ids.map(String), '0', '-1', '99999999999', 'abc', '1e3', '%00', junk().slice(0, 20).replace(/[\ud800-\udfff]/g, '')])
  const ivr = [`/twilio/menu?attempt=${random.pick(['1', '2', '3', '', 'x'])}`, `/twilio/hold/${encodeURIComponent(id)}`, `/twilio/hold/${encodeURIComponent(id)}?announceAt=${random.pick(['0', '-1', '1e9', 'x'])}`, `/twilio/hold/${encodeURIComponent(id)}/choice`, '/twilio/voicemail', '/twilio/voicemail/recording', '/twilio/voicemail/transcription']
  return random.pick(['/twilio/voice', '/twilio/hold', '/twilio/queue-result', '/twilio/dial-result', '/twilio/status', `/twilio/outbound/${encodeURIComponent(id)}`, `/twilio/outbound/${encodeURIComponent(id)}/status`, `/twilio/outbound/${encodeURIComponent(id)}/number`, `/twilio/outbound/${encodeURIComponent(id)}/result`, ...ivr])
}

function post(path: string, params: Params, signed: boolean): Promise<Response> {
  const url = `${t.url}${path}`
  const body = new URLSearchParams(Object.entries(params).flatMap(([name, v]) => (Array.isArray(v) ? v.map((one) => [name, one]) : [[name, v]])))
  const signature = signed ? signTwilioRequest(t.app.telephony.authToken, url, params) : 'forged'
  return fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, body: body.toString() })
}

describe(`1,000 randomised signed webhooks (FUZZ_SEED=${seed})`, () => {
  it('never answer 5xx, leave no call stuck, and cost no valid ring sent in the same instant its call', async () => {
    const outbound = await t.prisma.call.create({ data: { direction: 'outbound', status: 'dialing', from: t.app.telephony.number, to: '+15551230001', agentId: t.agents.alice.id } })
    const ids = [outbound.id]
    const known: string[] = []
    const valid: string[] = []
    const statuses: number[] = []
    for (let batch = 0; batch < 40; batch++) {
      const requests: Promise<Response>[] = []
      for (let i = 0; i < 25; i++) {
        if (i % 12 === 0) {
          const sid = newCallSid()
          valid.push(sid)
          known.push(sid)
          requests.push(post('/twilio/voice', voiceParams(t, sid), true))
        } else {
          requests.push(post(fuzzPath(ids), fuzzParams(known), random.next() < 0.95))
        }
      }
      for (const response of await Promise.all(requests)) {
        statuses.push(response.status)
        await response.arrayBuffer()
      }
      ids.push(...(await t.prisma.call.findMany({ select: { id: true }, orderBy: { id: 'desc' }, take: 3 })).map((c) => c.id))
    }

    expect(statuses).toHaveLength(1_000)
    expect(statuses.filter((status) => status >= 500)).toEqual([])
    expect(new Set(statuses.filter((status) => status >= 400)).size).toBeGreaterThan(1)
    expect(await t.prisma.call.count({ where: { twilioSid: { in: valid } } })).toBe(valid.length)

    const calls = await t.prisma.call.findMany()
    for (const call of calls) {
      for (const text of [call.from, call.to, call.callerName ?? '']) {
        expect(text).not.toMatch(/[\u0000-\u001f\u007f]/)
        expect(Array.from(text).length).toBeLessThanOrEqual(200)
      }
      if (['offered', 'connecting', 'in_progress', 'dialing', 'ringing'].includes(call.status)) expect(call.agentId).not.toBeNull()
      if (call.status === 'ended') expect(call.endedAt).not.toBeNull()
    }
    await t.app.outbox.idle()

    const after = newCallSid()
    const response = await post('/twilio/voice', voiceParams(t, after), true)
    expect(response.status).toBe(200)
    expect(await t.prisma.call.findUnique({ where: { twilioSid: after } })).toMatchObject({ status: 'queued' })
  }, 120_000)
})
