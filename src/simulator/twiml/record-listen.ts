import type { Call, Utterance } from '../calls/call.ts'
import { mediaMs } from '../context.ts'
import { FOREVER_MS, nextInput } from './caller-input.ts'
import type { VerbContext } from './context.ts'
import type { TwimlVerb } from './parse.ts'

export interface RecordOptions {
  /** Seconds of silence that end the recording; 0: silence never does. */
  timeoutSec: number
  finishOnKey: string
  maxLengthSec: number
  playBeep: boolean
  trim: boolean
}

export function recordOptions(verb: TwimlVerb): RecordOptions {
  const a = verb.attributes
  const timeout = Number(a.timeout ?? 5)
  const maxLength = Number(a.maxLength ?? 3600)
  return {
    timeoutSec: Number.isFinite(timeout) && timeout >= 0 ? timeout : 5,
    finishOnKey: a.finishOnKey ?? '1234567890*#',
    maxLengthSec: Number.isFinite(maxLength) && maxLength > 0 ? maxLength : 3600,
    playBeep: a.playBeep !== 'false',
    trim: a.trim !== 'do-not-trim',
  }
}

export type Ending = { by: 'key'; key: string } | { by: 'silence' } | { by: 'max-length' }

/** What the caller put on the recording so far, in simulated seconds. */
export class Take {
  readonly startedAt = Date.now()
  readonly words: string[] = []
  talkSec = 0
  #talking: { since: number; utterance: Utterance } | null = null

  constructor(private readonly scale: number) {}

  startTalking(utterance: Utterance): void {
    this.words.push(utterance.text)
    this.#talking = { since: Date.now(), utterance }
  }

  /** Adds the talk in progress: all of it, or (cut short by a key or a hang-up) what was said so far. */
  stopTalking(whole: boolean): void {
    const talking = this.#talking
    if (!talking) return
    const said = Math.ceil((Date.now() - talking.since) / (1000 * this.scale))
    this.talkSec += whole ? talking.utterance.seconds : Math.min(talking.utterance.seconds, said)
    this.#talking = null
  }

  get totalSec(): number {
    return Math.round((Date.now() - this.startedAt) / (1000 * this.scale))
  }
}

/** Records until a finish key, `timeout` seconds of silence, or maxLength; the caller talks through Simulator.say. */
export async function listen(ctx: VerbContext, o: RecordOptions, take: Take): Promise<Ending> {
  const deadline = Date.now() + mediaMs(ctx.sim, o.maxLengthSec)
  const wants = { digits: o.finishOnKey.length > 0, speech: true }
  for (;;) {
    const key = finishKey(ctx.call, o)
    if (key) return { by: 'key', key }
    const utterance = ctx.call.speech.shift()
    if (utterance) {
      const ending = await talk(ctx, o, take, utterance, deadline)
      if (ending) return ending
      continue
    }
    const left = deadline - Date.now()
    if (left <= 0) return { by: 'max-length' }
    const silenceMs = o.timeoutSec > 0 ? mediaMs(ctx.sim, o.timeoutSec) : FOREVER_MS
    if ((await nextInput(ctx.call, Math.min(silenceMs, left), ctx.signal, wants)) === 'timeout') return silenceMs < left ? { by: 'silence' } : { by: 'max-length' }
  }
}

async function talk(ctx: VerbContext, o: RecordOptions, take: Take, utterance: Utterance, deadline: number): Promise<Ending | null> {
  take.startTalking(utterance)
  const until = Math.min(Date.now() + mediaMs(ctx.sim, utterance.seconds), deadline)
  for (let left = until - Date.now(); left > 0; left = until - Date.now()) {
    if ((await nextInput(ctx.call, left, ctx.signal, { digits: o.finishOnKey.length > 0, speech: false })) === 'timeout') break
    const key = finishKey(ctx.call, o)
    if (!key) continue
    take.stopTalking(false)
    return { by: 'key', key }
  }
  take.stopTalking(true)
  ctx.sim.events.emit({ type: 'speech', callSid: ctx.call.sid, text: utterance.text, phase: 'heard' })
  return Date.now() >= deadline ? { by: 'max-length' } : null
}

/** Keys outside finishOnKey are just sound on the recording. */
function finishKey(call: Call, o: RecordOptions): string | undefined {
  return [...call.digits].find((d) => o.finishOnKey.includes(d))
}
