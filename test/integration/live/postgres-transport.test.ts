import { Writable } from 'node:stream'
import Fastify from 'fastify'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LiveHub, type LiveListener, type LiveMessage } from '../../../src/live/hub.ts'
import { postgresTransport } from '../../../src/live/postgres-transport.ts'
import { freshPostgres, type TestDatabase } from '../../support/database.ts'
import { query } from '../db/sql.ts'

const serverUrl = process.env.TEST_DATABASE_URL ?? ''

/** A logger whose lines the test can read. */
function recordingLog() {
  const lines: { level: number; msg: string; attempt?: number }[] = []
  const stream = new Writable({ write: (chunk: Buffer, _encoding, done) => (lines.push(JSON.parse(chunk.toString())), done()) })
  return { log: Fastify({ logger: { level: 'info', stream } }).log, lines }
}

/** Messages as one instance's channel sees them. */
function inbox() {
  const messages: LiveMessage[] = []
  const waiters = new Set<() => void>()
  const receive = (message: LiveMessage) => {
    messages.push(message)
    for (const wake of waiters) wake()
  }
  const until = (count: number) =>
    new Promise<LiveMessage[]>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`only ${messages.length} of ${count} messages arrived: ${JSON.stringify(messages)}`)), 5000)
      const check = () => messages.length >= count && (clearTimeout(timer), waiters.delete(check), resolve(messages))
      waiters.add(check)
      check()
    })
  return { messages, receive, until }
}

describe.skipIf(!serverUrl)('the PostgreSQL transport (needs TEST_DATABASE_URL)', () => {
  let database: TestDatabase
  beforeAll(async () => {
    database = await freshPostgres(serverUrl)
  })
  afterAll(() => database?.close())

  it('delivers to its own instance at once with local data, to another through NOTIFY without it, and never twice', async () => {
    const [a, b] = await Promise.all([1, 2].map(() => postgresTransport({ url: database.url, log: recordingLog().log })))
    const [onA, onB] = [inbox(), inbox()]
    a!.listen('agent:1', onA.receive)
    b!.listen('agent:1', onB.receive)
    b!.listen('agent:2', () => expect.unreachable('a channel nobody published to'))

    a!.publish('agent:1', { kind: 'card', callId: 7, local: { cached: true } })
    expect(onA.messages).toEqual([{ kind: 'card', callId: 7, local: { cached: true } }])
    expect(await onB.until(1)).toEqual([{ kind: 'card', callId: 7 }])

    for (let i = 0; i < 50; i++) a!.publish('agent:1', { kind: 'card', callId: i })
    const arrived = await onB.until(51)
    expect(arrived.slice(1).map((message) => message.callId)).toEqual(Array.from({ length: 50 }, (_, i) => i))
    b!.publish('agent:1', { kind: 'presence' })
    await onA.until(52)
    expect(onA.messages.filter((message) => message.kind === 'card')).toHaveLength(51)
    await Promise.all([a!.close(), b!.close()])
  })

  it('sends no NOTIFY while it is the only instance, reaches a second one from the moment it starts, and stops when it is gone', async () => {
    const heard: string[] = []
    const spy = new pg.Client({ connectionString: database.url })
    await spy.connect()
    spy.on('notification', (message) => heard.push(message.payload ?? ''))
    await spy.query('LISTEN switchboard_live')
    const alone = await postgresTransport({ url: database.url, log: recordingLog().log, peerCheckMs: 50 })
    const onAlone = inbox()
    alone.listen('agent:1', onAlone.receive)
    await expect.poll(() => heard.length).toBe(1)
    expect(JSON.parse(heard[0]!)).toMatchObject({ message: { kind: 'hello' } })
    expect(alone.hasPeers()).toBe(false)

    alone.publish('agent:1', { kind: 'card', callId: 1 })
    expect(onAlone.messages).toEqual([{ kind: 'card', callId: 1 }])

    const second = await postgresTransport({ url: database.url, log: recordingLog().log, peerCheckMs: 50 })
    const onSecond = inbox()
    second.listen('agent:1', onSecond.receive)
    await expect.poll(() => alone.hasPeers()).toBe(true)
    alone.publish('agent:1', { kind: 'card', callId: 2 })
    expect(await onSecond.until(1)).toEqual([{ kind: 'card', callId: 2 }])

    await second.close()
    await expect.poll(() => alone.hasPeers()).toBe(false)
    const before = heard.length
    alone.publish('agent:1', { kind: 'card', callId: 3 })
    // The spy LISTENs but is no instance: a NOTIFY sent would reach it; none must (checked after a round trip on its connection).
    await spy.query('SELECT 1')
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(heard.slice(before)).toEqual([])
    expect(onAlone.messages.map((message) => message.callId)).toEqual([1, 2, 3])
    // The card 1 publish happened alone: the spy heard the two hellos and card 2 only.
    expect(heard.map((payload) => JSON.parse(payload).message)).toEqual([{ kind: 'hello' }, { kind: 'hello' }, { kind: 'card', callId: 2 }])
    await alone.close()
    await spy.end()
  })

  it('refuses a message NOTIFY cannot carry, says so, and still delivers it here', async () => {
    const recorded = recordingLog()
    const [a, b] = await Promise.all([postgresTransport({ url: database.url, log: recorded.log }), postgresTransport({ url: database.url, log: recordingLog().log })])
    const [onA, onB] = [inbox(), inbox()]
    a.listen('supervisor', onA.receive)
    b.listen('supervisor', onB.receive)
    a.publish('supervisor', { kind: 'note', text: 'x'.repeat(8000) })
    a.publish('supervisor', { kind: 'note', text: 'small' })
    expect(onA.messages).toHaveLength(2)
    expect(await onB.until(1)).toEqual([{ kind: 'note', text: 'small' }])
    expect(recorded.lines.find((line) => line.msg.includes('too large for NOTIFY'))).toMatchObject({ level: 50 })
    await Promise.all([a.close(), b.close()])
  })

  it('reconnects a terminated LISTEN connection with backoff, re-sends every socket its state, and carries the next message', async () => {
    const recorded = recordingLog()
    const hub = new LiveHub(await postgresTransport({ url: database.url, log: recorded.log, listener: { firstRetryMs: 50 } }), recorded.log)
    hub.renderWith('note', async (message) => `<p>${String(message.text)}</p>`)
    const sent: string[] = []
    let resyncs = 0
    const socket: LiveListener = { send: (html) => sent.push(html), close: () => {}, resync: () => resyncs++ }
    hub.subscribe('agent:1', socket)
    hub.subscribe('session:abc', socket)

    const [killed] = await query(database.url, `SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'switchboard live'`)
    expect(killed).toEqual({ n: 1 })
    await expect.poll(() => resyncs, { timeout: 10_000 }).toBe(1)
    expect(recorded.lines.some((line) => line.msg.includes('lost the PostgreSQL LISTEN connection') && line.attempt === 1)).toBe(true)
    expect(recorded.lines.some((line) => line.msg.includes('LISTEN connection is back'))).toBe(true)

    const sender = await postgresTransport({ url: database.url, log: recordingLog().log })
    sender.publish('agent:1', { kind: 'note', text: 'after the drop' })
    await expect.poll(() => sent).toEqual(['<p>after the drop</p>'])
    await Promise.all([hub.close(), sender.close()])
  })
})
