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

/** A card of that status newer than the version given (live.next also looks at messages already received). */
const isNewer = (callId: number, status: string, than: string) => (html: string) => isStatus(callId, status)(html) && Number(versionFrom(html)) > Number(than)
const post = postCard

/** Alice talking with a caller through the conference bridge, Bob online and free: the moment before a transfer. */
async function aliceTalkingBobFree(from: string) {
  const alice = await agentOnline(t, 'alice')
  online.push(alice)
  const { sid } = await t.app.simulator.placeInboundCall({ from })
  const offer = await alice.live.next((html) => html.includes('value="accept"'))
  const callId = callIdFrom(offer)
  await post(alice, callId, { action: 'accept', version: versionFrom(offer) })
  const card = await alice.live.next(isStatus(callId, 'in_progress'))
  await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
  const bob = await agentOnline(t, 'bob')
  online.push(bob)
  return { alice, bob, sid, callId, card, conference: () => t.app.simulator.conferences.byName(`call-${callId}`)! }
}

/** Alice clicks Transfer to Bob; Bob's panel gets the offer card. */
async function transferToBob(from: string) {
  const ctx = await aliceTalkingBobFree(from)
  const targets = await ctx.alice.browser.get(`/calls/${ctx.callId}/transfer-targets`)
  expect(await targets.text()).toContain(`<option value="${ctx.bob.id}">`)
  const transferring = await post(ctx.alice, ctx.callId, { action: 'transfer', version: versionFrom(ctx.card), to: ctx.bob.id })
  expect(transferring.status).toBe(200)
  const aliceCard = await transferring.text()
  expect(aliceCard).toContain('data-status="transferring"')
  expect(aliceCard).toContain('Transferring…')
  const offer = await ctx.bob.live.next(isTransferOffer(ctx.callId))
  expect(offer).toContain('>Accept</button>')
  expect(offer).toContain('>Decline</button>')
  return { ...ctx, offer }
}

describe('cold transfer', () => {
  it('accepted: Bob joins the conference, Alice leaves it, the call is Bob’s', async () => {
    const { alice, bob, sid, callId, offer, conference } = await transferToBob('+15557770001')
    const accepted = await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })
    expect(accepted.status).toBe(200)
    await alice.live.next(isRemoval(callId))
    await bob.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-leave' && e.friendlyName === `call-${callId}` && e.callSid !== sid)
    expect(conference().status).toBe('in-progress')
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${bob.id}`, 'caller'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: bob.id, transferToId: null })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_offered', 'transfer_accepted', 'connected']))
    expect(t.app.simulator.recordings.list({ conferenceSid: conference().sid })).toEqual([])
  })

  it('declined: the offer leaves Bob’s panel and Alice’s card is back in progress with the reason', async () => {
    const { alice, bob, callId, offer, conference } = await transferToBob('+15557770002')
    const declined = await post(bob, callId, { action: 'decline_transfer', version: versionFrom(offer) })
    expect(declined.status).toBe(200)
    await bob.live.next(isRemoval(callId))
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('declined the transfer'))
    expect(back).toContain('Bob')
    expect(back).toContain('>Transfer</button>')
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: alice.id, transferToId: null })
  })

  it('not answered in time: back to Alice with the reason', async () => {
    const { alice, bob, callId } = await transferToBob('+15557770003')
    await bob.live.next(isRemoval(callId), 4000)
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('did not answer the transfer in time'), 1000)
    expect(back).toContain('>Hold</button>')
    expect(await timeline(t, { id: callId })).toContain('transfer_timed_out')
  })

  it('accepted but Bob’s browser does not answer: the caller goes back to the queue, and taken again is held in the new conference', async () => {
    const alice = await agentOnline(t, 'alice')
    online.push(alice)
    await t.app.simulator.placeInboundCall({ from: '+15557770009' })
    const offer = await alice.live.next((html) => html.includes('value="accept"'))
    const callId = callIdFrom(offer)
    await post(alice, callId, { action: 'accept', version: versionFrom(offer) })
    const card = await alice.live.next(isStatus(callId, 'in_progress'))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}`)
    const first = t.app.simulator.conferences.byName(`call-${callId}`)!.sid
    await expect.poll(async () => (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).conferenceSid).toBe(first)
    const bob = await agentOnline(t, 'bob', { autoAnswer: false })
    online.push(bob)
    bob.device.on('incoming', (call: { reject(): void }) => call.reject())
    await post(alice, callId, { action: 'transfer', version: versionFrom(card), to: bob.id })
    const transfer = await bob.live.next(isTransferOffer(callId))
    await post(bob, callId, { action: 'accept_transfer', version: versionFrom(transfer) })

    // Alice left when Bob was added; Bob never answered: the caller waits again and is offered to Alice.
    const again = await alice.live.next((html) => isStatus(callId, 'offered')(html) && Number(versionFrom(html)) > Number(versionFrom(transfer)))
    await post(alice, callId, { action: 'accept', version: versionFrom(again) })
    const talking = await alice.live.next(isNewer(callId, 'in_progress', versionFrom(again)))
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-start' && e.friendlyName === `call-${callId}` && e.conferenceSid !== first)
    const second = t.app.simulator.conferences.byName(`call-${callId}`)!
    expect(second.sid).not.toBe(first)
    await expect.poll(async () => (await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).conferenceSid).toBe(second.sid)

    const held = await post(alice, callId, { action: 'hold', version: versionFrom(talking) })
    expect(await held.text()).toContain('data-status="on_hold"')
    await expect.poll(() => second.participants.find((p) => p.label === 'caller')?.hold).toBe(true)
    expect(await timeline(t, { id: callId })).not.toContain('hold_failed')
  })

  it('Twilio refuses to add Bob: the call stays with Alice, whose card says why, and Bob’s card goes', async () => {
    const { alice, bob, callId, offer, conference } = await transferToBob('+15557770007')
    t.app.simulator.faults.add({ method: 'POST', path: /Participants\.json$/, status: 400, code: 21210, message: 'Refused for the test' })
    expect((await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Could not transfer the call'))
    expect(back).toContain('Refused for the test')
    await bob.live.next(isRemoval(callId))
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: alice.id })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_accepted', 'transfer_failed']))
  })

  it('the caller hangs up during the transfer: both cards go, nobody is left in the conference', async () => {
    const { alice, bob, sid, callId, conference } = await transferToBob('+15557770004')
    t.app.simulator.hangUp(sid)
    await Promise.all([alice.live.next(isRemoval(callId)), bob.live.next(isRemoval(callId))])
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-end' && e.friendlyName === `call-${callId}`)
    expect(conference().participants).toHaveLength(0)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended', endReason: 'completed' })
    const bobsPanel = await bob.browser.get('/panel')
    expect(bobsPanel.status).toBe(200)
    expect(await bobsPanel.text()).not.toContain(`id="call-${callId}"`)
  })

  it('two Transfer clicks at once: exactly one wins, the other is refused with why', async () => {
    const { alice, bob, callId, card } = await aliceTalkingBobFree('+15557770005')
    const form = { action: 'transfer', version: versionFrom(card), to: bob.id }
    const responses = await Promise.all([post(alice, callId, form), post(alice, callId, form)])
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409])
    const refused = await responses.find((r) => r.status === 409)!.text()
    expect(refused).toContain('already being transferred')
    expect(await t.prisma.callEvent.count({ where: { callId, type: 'transfer_offered' } })).toBe(1)
  })

  it('refuses a transfer to an agent who is not free, and a transfer without a target', async () => {
    const { alice, callId, card } = await aliceTalkingBobFree('+15557770006')
    await t.prisma.agent.update({ where: { id: t.agents.bob.id }, data: { presence: 'away' } })
    const busy = await post(alice, callId, { action: 'transfer', version: versionFrom(card), to: t.agents.bob.id })
    expect(busy.status).toBe(409)
    expect(await busy.text()).toContain('not free to take a transfer')
    expect((await post(alice, callId, { action: 'transfer', version: versionFrom(card) })).status).toBe(400)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', transferToId: null })
  })
})

describe('warm transfer', () => {
  /** Alice warm-transfers to Bob (the caller held), Bob accepts: the two agents talk in the conference. */
  async function consulting(from: string) {
    const ctx = await aliceTalkingBobFree(from)
    const asked = await post(ctx.alice, ctx.callId, { action: 'warm_transfer', version: versionFrom(ctx.card), to: ctx.bob.id })
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('the caller is on hold')
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === ctx.sid)
    const offer = await ctx.bob.live.next(isTransferOffer(ctx.callId))
    expect(offer).toContain('wants to talk with you before transferring')
    expect((await post(ctx.bob, ctx.callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    const aliceCard = await ctx.alice.live.next((html) => isStatus(ctx.callId, 'consulting')(html) && html.includes('>Complete transfer</button>'))
    expect(aliceCard).toContain('>Cancel transfer</button>')
    await expect.poll(() => ctx.conference().participant(`agent-${ctx.bob.id}`)?.status).toBe('connected')
    expect(ctx.conference().participant('caller')).toMatchObject({ hold: true })
    return { ...ctx, aliceCard }
  }

  it('Complete transfer: the caller, off hold, stays with Bob; Alice leaves', async () => {
    const { alice, bob, callId, aliceCard, conference } = await consulting('+15557770011')
    expect((await post(alice, callId, { action: 'complete_transfer', version: versionFrom(aliceCard) })).status).toBe(200)
    await alice.live.next(isRemoval(callId))
    await bob.live.next(isStatus(callId, 'in_progress'))
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${bob.id}`, 'caller'])
    await expect.poll(() => conference().participant('caller')?.hold).toBe(false)
    expect(conference().participant(`agent-${bob.id}`)).toMatchObject({ endConferenceOnExit: true })
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: bob.id })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_offered', 'consulting', 'transfer_completed']))
  })

  it('Cancel transfer: Bob leaves, the caller is back with Alice, off hold', async () => {
    const { alice, bob, callId, aliceCard, conference } = await consulting('+15557770012')
    const canceled = await post(alice, callId, { action: 'cancel_transfer', version: versionFrom(aliceCard) })
    expect(canceled.status).toBe(200)
    expect(await canceled.text()).toContain('data-status="in_progress"')
    await bob.live.next(isRemoval(callId))
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    await expect.poll(() => conference().participant('caller')?.hold).toBe(false)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: alice.id })
  })

  it('Twilio refuses to hold the caller: the offer leaves Bob’s panel, the caller still talks with Alice, whose card says why', async () => {
    const { alice, bob, sid, callId, card, conference } = await aliceTalkingBobFree('+15557770017')
    t.app.simulator.faults.add({ method: 'POST', path: new RegExp(`Participants/${sid}\\.json$`), status: 400, code: 21210, message: 'Refused for the test' })
    expect((await post(alice, callId, { action: 'warm_transfer', version: versionFrom(card), to: bob.id })).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Could not put the caller on hold'))
    expect(back).toContain('The transfer was not offered')
    await bob.live.next(isRemoval(callId))
    expect(conference().participant('caller')).toMatchObject({ hold: false })
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: alice.id, transferToId: null })
  })

  it('Twilio refuses to add Bob: the caller is back with Alice, off hold, her card says why, Bob’s card goes', async () => {
    const { alice, bob, sid, callId, card, conference } = await aliceTalkingBobFree('+15557770014')
    expect((await post(alice, callId, { action: 'warm_transfer', version: versionFrom(card), to: bob.id })).status).toBe(200)
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'participant-hold' && e.callSid === sid)
    const offer = await bob.live.next(isTransferOffer(callId))
    t.app.simulator.faults.add({ method: 'POST', path: /Participants\.json$/, status: 400, code: 21210, message: 'Refused for the test' })
    expect((await post(bob, callId, { action: 'accept_transfer', version: versionFrom(offer) })).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'in_progress')(html) && html.includes('Could not bring Bob'))
    expect(back).toContain('Refused for the test')
    expect(back).toContain('>Hold</button>')
    await bob.live.next(isRemoval(callId))
    await expect.poll(() => conference().participant('caller')?.hold).toBe(false)
    expect(conference().participants.map((p) => p.label).sort()).toEqual([`agent-${alice.id}`, 'caller'])
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'in_progress', agentId: alice.id })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['consulting', 'consult_failed']))
  })

  it('Twilio refuses Complete transfer: both agents still talk, the caller on hold, Alice’s card says why; Complete again works', async () => {
    const { alice, bob, callId, aliceCard, conference } = await consulting('+15557770015')
    t.app.simulator.faults.add({ method: 'POST', path: new RegExp(`Participants/agent-${bob.id}\\.json$`), status: 400, code: 21210, message: 'Refused for the test' })
    expect((await post(alice, callId, { action: 'complete_transfer', version: versionFrom(aliceCard) })).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'consulting')(html) && html.includes('Could not complete the transfer'))
    expect(back).toContain('Refused for the test')
    expect(back).toContain('>Complete transfer</button>')
    await bob.live.next(isNewer(callId, 'consulting', versionFrom(aliceCard)))
    expect(conference().participant('caller')).toMatchObject({ hold: true })
    expect(conference().participant(`agent-${alice.id}`)?.status).toBe('connected')
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'consulting', agentId: alice.id, transferToId: bob.id })

    expect((await post(alice, callId, { action: 'complete_transfer', version: versionFrom(back) })).status).toBe(200)
    await bob.live.next(isNewer(callId, 'in_progress', versionFrom(back)))
    await expect.poll(() => conference().participants.map((p) => p.label).sort()).toEqual([`agent-${bob.id}`, 'caller'])
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_complete_failed', 'transfer_completed']))
  })

  it('Twilio refuses Cancel transfer: Bob is still on the call, Alice’s card says why and offers Cancel again', async () => {
    const { alice, bob, callId, aliceCard, conference } = await consulting('+15557770016')
    t.app.simulator.faults.add({ method: 'POST', path: new RegExp(`Participants/agent-${bob.id}\\.json$`), status: 400, code: 21210, message: 'Refused for the test' })
    expect((await post(alice, callId, { action: 'cancel_transfer', version: versionFrom(aliceCard) })).status).toBe(200)
    const back = await alice.live.next((html) => isStatus(callId, 'consulting')(html) && html.includes('Could not cancel the transfer'))
    expect(back).toContain('>Cancel transfer</button>')
    await bob.live.next(isNewer(callId, 'consulting', versionFrom(aliceCard)))
    expect(conference().participant(`agent-${bob.id}`)?.status).toBe('connected')
    expect(conference().participant('caller')).toMatchObject({ hold: true })
    expect(await timeline(t, { id: callId })).toEqual(expect.arrayContaining(['transfer_canceled', 'transfer_cancel_failed']))
  })

  it('the caller hangs up while the agents talk: both cards go, the conference ends', async () => {
    const { alice, bob, sid, callId, conference } = await consulting('+15557770013')
    t.app.simulator.hangUp(sid)
    await Promise.all([alice.live.next(isRemoval(callId)), bob.live.next(isRemoval(callId))])
    await t.app.simulator.waitFor((e) => e.type === 'conference' && e.event === 'conference-end' && e.friendlyName === `call-${callId}`)
    expect(conference().participants).toHaveLength(0)
    expect(await t.prisma.call.findUniqueOrThrow({ where: { id: callId } })).toMatchObject({ status: 'ended' })
  })
})
