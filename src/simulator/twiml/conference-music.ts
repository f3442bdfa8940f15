import { mediaMs } from '../context.ts'
import { sleep, untilAborted } from '../dates.ts'
import type { VerbContext } from './context.ts'
import { loadDocument } from './load.ts'
import { TwimlError } from './parse.ts'
import { runVerbs } from './run-verbs.ts'
import type { TwimlSource } from './source.ts'
import { WebhookError } from '../webhooks.ts'
import type { Music, Participant } from '../conferences/participant.ts'

/** The verbs a waitUrl or holdUrl document may hold (https://www.twilio.com/docs/voice/twiml/conference#attributes-waiturl). */
const MUSIC_VERBS: ReadonlySet<string> = new Set(['Play', 'Say', 'Pause', 'Redirect'])
/** Even an empty document takes this long, so a `<Redirect/>` loop never spins. */
const MIN_LOOP_SECONDS = 1

/** The waitUrl could not be used: Twilio does not establish the participant in the conference. */
export class WaitMusicFailed extends Error {
  constructor(readonly code: number, message: string) {
    super(message)
  }
}

/**
 * Keeps the call in the conference until the participant leaves, playing what it should hear:
 * wait music before the conference starts, hold music while held, silence while talking.
 * Rejects with the call's interruption (hangup, REST redirect) or WaitMusicFailed.
 */
export async function stayInConference(ctx: VerbContext, participant: Participant): Promise<void> {
  while (!participant.left) {
    const change = participant.changeSignal
    const hearing = participant.hearing
    if (hearing) await playUntilChange(ctx, hearing, change)
    await untilAborted(AbortSignal.any([ctx.signal, change]))
    if (ctx.signal.aborted) throw ctx.signal.reason
  }
}

async function playUntilChange(ctx: VerbContext, hearing: { kind: 'wait' | 'hold'; music: Music }, change: AbortSignal): Promise<void> {
  try {
    await playOnce({ ...ctx, signal: AbortSignal.any([ctx.signal, change]) }, hearing.kind, hearing.music)
  } catch (error) {
    if (ctx.signal.aborted) throw ctx.signal.reason
    if (change.aborted) return
    if (!(error instanceof WebhookError || error instanceof TwimlError)) throw error
    ctx.sim.events.emit({ type: 'error', callSid: ctx.call.sid, code: error.code, message: error.message })
    ctx.call.addLog('error', `Error ${error.code}: ${error.message}`)
    if (hearing.kind === 'wait') throw new WaitMusicFailed(error.code, error.message)
  }
}

/**
 * The document runs once and then there is silence; a `<Redirect>` in it loops (TwiML <Conference>,
 * waitUrl). Hold music is treated the same way. Without a URL, Twilio's default music plays on.
 */
async function playOnce(ctx: VerbContext, kind: 'wait' | 'hold', music: Music): Promise<void> {
  if (music === 'none') return
  if (music === 'default') {
    ctx.call.addLog('speech', `${kind === 'hold' ? 'Hold' : 'Wait'} music: Twilio default`)
    return untilAborted(ctx.signal)
  }
  let source: TwimlSource | null = { kind: 'url', webhook: 'redirect', url: music.url, method: music.method }
  while (source) {
    const started = Date.now()
    const doc = await loadDocument(ctx.sim, ctx.call, source, ctx.signal, kind)
    const next = await runVerbs({ ...ctx, doc, allowedVerbs: MUSIC_VERBS }, doc.verbs)
    source = next.kind === 'goto' ? next.source : null
    await sleep(Math.max(0, mediaMs(ctx.sim, MIN_LOOP_SECONDS) - (Date.now() - started)), ctx.signal)
  }
}
