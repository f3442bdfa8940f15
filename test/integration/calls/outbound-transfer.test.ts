import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import { agentOnline, callIdFrom, endEverything, isTransferOffer, postCard, isRemoval, isStatus, versionFrom, type OnlineAgent } from '../../support/agents.ts'
import { timeline } from '../../support/caller.ts'

let t: TestApp
const online: OnlineAgent[] = []
beforeAll(async () => {
  t = await startTestApp({ env: { OFFER_TIMEOUT_SECONDS: '2', RECORD_CALLS: 'off' } })
})
afterEach(() => endEverything(t, online))
afterAll(() => t.close())

const post = postCard
const stored = (callId: number) => t.prisma.call.findUniqueOrThrow({ where: { id: callId } })
const legEnded = (sid: string) => t.app.simulator.waitFor((e) => e.type === 'call.status' && e.callSid === sid && e.status === 'completed')
const conferenceEnded = (callId: number) => t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-end' && e.friendlyName === `call-${callId}`)

/**
 * Alice dialed a number that answered (her browser's own leg is the call's twilioSid, the number the participant
 * labelled `caller`), Bob online and free: the moment before a transfer of an outbound call.
 */
async function aliceDialedBobFree(number: string, bobAnswers = true) {
  const alice = await agentOnline(t, 'alice')
  online.push(alice)
  expect((await alice.browser.htmxPost('/calls', { number })).status).toBe(200)
  const callId = callIdFrom(await alice.live.next((html) => html.includes('data-status="dialing"')))
  const card = await alice.live.next(isStatus(callId, 'in_progress'))
  expect(card).toContain('>Transfer</button>')
  expect(card).toContain('>Warm transfer</button>')
  await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
  const bob = await agentOnline(t, 'bob', { autoAnswer: bobAnswers })
  online.push(bob)
  const conference = () => t.app.simulator.conferences.byName(`call-${callId}`)!
  const aliceLeg = (await stored(callId)).twilioSid!
  const far = conference().participant('caller')!.callSid
  return { alice, bob, callId, card, aliceLeg, far, conference }
}

async function coldTransferToBob(number: string, bobAnswers = true) {
  const ctx = await aliceDialedBobFree(number, bobAnswers)
  const transferring = await post(ctx.alice, ctx.callId, { action: 'transfer', version: versionFrom(ctx.card), to: ctx.bob.id })
  expect(transferring.status).toBe(200)
  expect(await transferring.text()).toContain('data-status="transferring"')
  const offer = await ctx.bob.live.next(isTransferOffer(ctx.callId))
  return { ...ctx, offer }
}

describe('cold transfer of an outbound call', () => {
  it('accepted: the number talks with Bob, Alice’s leg leaves without ending the call, and Bob ends it later', async () => {
    const { alice, bob, callId, offer, aliceLeg, far, conference } = await coldTransferToBob('+15551241101')
    expect((await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    const bobsCard = await bob.live.next(isStatus(callId, 'in_progress'))
    await legEnded(aliceLeg)
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${bob.id}`, 'caller'])
    expect(conference().status).toBe('in-progress')
    expect(t.app.simulator.getCall(far)?.status).toBe('in-progress')
    await t.app.outbox.idle()
    // The first agent's leg ending (its status callback) is no longer the agent's: the call goes on with Bob.
    expect(await stored(callId)).toMatchObject({ status: 'in_progress', agentId: bob.id, transferToId: null })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_offered', 'transfer_accepted', 'connected']))
    expect(await timeline(t, { id: callId })).not.toContain('hung_up')

    // A supervisor's whisper now coaches Bob's leg, not the call's first leg.
    const admin = await t.loggedIn('admin')
    expect((await admin.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'whisper' })).status).toBe(200)
    await expect.poll(() => conference().participant('supervisor')?.callSidToCoach).toBe(conference().participant(`agent-${bob.id}`)!.callSid)
    expect((await admin.htmxPost(`/admin/calls/${callId}/supervision`, { mode: 'leave' })).status).toBe(200)
    await expect.poll(() => conference().participant('supervisor')).toBeUndefined()

    expect((await post(bob, callId, { action: 'end', version: versionFrom(bobsCard) })).status).toBe(200)
    await bob.live.next(isRemoval(callId))
    await conferenceEnded(callId)
    await legEnded(far)
    expect(conference().participants).toEqual([])
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed', agentId: bob.id })
  })

  it('declined: the offer leaves Bob’s panel and Alice’s card is back in progress with the reason', async () => {
    const { alice, bob, callId, offer, conference } = await coldTransferToBob('+15551241102')
    expect((await post(bob, callId, { action: 'decline_transfer', version: versionFrom(offer) })).status).toBe(200)
    await bob.live.next(isRemoval(callId))
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('declined the transfer'))
    expect(back).toContain('>Transfer</button>')
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await stored(callId)).toMatchObject({ status: 'in_progress', agentId: alice.id, transferToId: null })
  })

  it('Bob’s browser rejects it: the call ends with the reason, the number is hung up, Bob is set away', async () => {
    const { alice, bob, callId, offer, far, conference } = await coldTransferToBob('+15551241103', false)
    bob.device.on('incoming', (call: { reject(): void }) => call.reject())
    expect((await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    await bob.live.next(isRemoval(callId))
    const why = await bob.live.next((html) => html.includes(`id="call-${callId}"`) && html.includes('did not answer the transfer'))
    expect(why).toContain('data-status="ended"')
    await legEnded(far)
    await conferenceEnded(callId)
    expect(conference().participants).toEqual([])
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'missed', transferToId: null })
    expect(await t.prisma.agent.findUniqueOrThrow({ where: { id: bob.id } })).toMatchObject({ presence: 'away', awayReason: 'Browser did not answer' })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_accepted', 'agent_missed']))
  })

  it('the number hangs up while the transfer is offered: both cards go, nobody is left in the conference', async () => {
    const { alice, bob, callId, far, conference } = await coldTransferToBob('+15551241104')
    t.app.simulator.hangUp(far)
    await Promise.all([alice.live.next(isRemoval(callId)), bob.live.next(isRemoval(callId))])
    await conferenceEnded(callId)
    expect(conference().participants).toEqual([])
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed' })
    expect(await (await bob.browser.get('/panel')).text()).not.toContain(`id="call-${callId}"`)
    // The transfer's timer runs out later and changes nothing.
    await new Promise((resolve) => setTimeout(resolve, 2200))
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed' })
    expect(await timeline(t, { id: callId })).not.toContain('transfer_timed_out')
  })

  it('the number hangs up while Bob’s browser rings for the accepted transfer: both cards go, Bob’s ringing leg is dropped', async () => {
    const { alice, bob, callId, offer, far, conference } = await coldTransferToBob('+15551241105', false)
    const ringing = new Promise<void>((resolve) => bob.device.on('incoming', () => resolve()))
    expect((await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    await bob.live.next(isStatus(callId, 'connecting'))
    await ringing
    t.app.simulator.hangUp(far)
    await bob.live.next(isRemoval(callId))
    await conferenceEnded(callId)
    expect(conference().participants).toEqual([])
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed', agentId: bob.id })
    expect(await (await bob.browser.get('/panel')).text()).not.toContain(`data-status="connecting"`)
  })
})

describe('warm transfer of an outbound call', () => {
  /** Alice warm-transfers to Bob (the number held), Bob accepts: the two agents talk in the conference. */
  async function consulting(number: string) {
    const ctx = await aliceDialedBobFree(number)
    expect((await post(ctx.alice, ctx.callId, { action: 'warm_transfer', version: versionFrom(ctx.card), to: ctx.bob.id })).status).toBe(200)
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === ctx.far)
    const offer = await ctx.bob.live.next(isTransferOffer(ctx.callId))
    expect((await post(ctx.bob, ctx.callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    const aliceCard = await ctx.alice.live.next((html) => isStatus(ctx.callId, 'consulting')(html) && html.includes('>Complete transfer</button>'))
    await expect.poll(() => ctx.conference().participant(`agent-${ctx.bob.id}`)?.status).toBe('connected')
    expect(ctx.conference().participant('caller')).toMatchObject({ hold: true })
    return { ...ctx, aliceCard }
  }

  it('Complete transfer: the number, off hold, stays with Bob; Alice’s leg leaves without ending the call', async () => {
    const { alice, bob, callId, aliceCard, aliceLeg, far, conference } = await consulting('+15551241111')
    expect((await post(alice, callId, { action: 'complete_transfer', version: versionFrom(aliceCard) })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    const bobsCard = await bob.live.next(isStatus(callId, 'in_progress'))
    await legEnded(aliceLeg)
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${bob.id}`, 'caller'])
    await expect.poll(() => conference().participant('caller')?.hold).toBe(false)
    expect(conference().participant(`agent-${bob.id}`)).toMatchObject({ endConferenceOnExit: true })
    await t.app.outbox.idle()
    expect(await stored(callId)).toMatchObject({ status: 'in_progress', agentId: bob.id })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_offered', 'consulting', 'transfer_completed']))

    expect((await post(bob, callId, { action: 'end', version: versionFrom(bobsCard) })).status).toBe(200)
    await conferenceEnded(callId)
    await legEnded(far)
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed' })
  })

  it('Cancel transfer: Bob leaves, the number is back with Alice, off hold', async () => {
    const { alice, bob, callId, aliceCard, conference } = await consulting('+15551241112')
    const canceled = await post(alice, callId, { action: 'cancel_transfer', version: versionFrom(aliceCard) })
    expect(canceled.status).toBe(200)
    expect(await canceled.text()).toContain('data-status="in_progress"')
    await bob.live.next(isRemoval(callId))
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    await expect.poll(() => conference().participant('caller')?.hold).toBe(false)
    expect(await stored(callId)).toMatchObject({ status: 'in_progress', agentId: alice.id })
  })

  it('the number hangs up while the agents talk: both cards go, nobody is left in the conference', async () => {
    const { alice, bob, callId, far, conference } = await consulting('+15551241113')
    t.app.simulator.hangUp(far)
    await Promise.all([alice.live.next(isRemoval(callId)), bob.live.next(isRemoval(callId))])
    await conferenceEnded(callId)
    expect(conference().participants).toEqual([])
    expect(await stored(callId)).toMatchObject({ status: 'ended', endReason: 'completed' })
  })
})
