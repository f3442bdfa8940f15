import type { Call, Utterance } from '../calls/call.ts'
import { mediaMs } from '../context.ts'
import { sleep } from '../dates.ts'
import { nextInput, recognizedText } from './caller-input.ts'
import type { VerbContext } from './context.ts'
import type { TwimlVerb } from './parse.ts'

export interface GatherOptions {
  digits: boolean
  speech: boolean
  finishOnKey: string
  numDigits: number
  timeoutSec: number
  /** Silence after speech that ends recognition (speechTimeout). */
  speechEndSec: number
  actionOnEmptyResult: boolean
  bargeIn: boolean
}

/** speechTimeout="auto": recognition ends at the first pause; simulated as half a second of silence. */
const AUTO_SPEECH_END_SECONDS = 0.5

export function gatherOptions(verb: TwimlVerb): GatherOptions {
  const a = verb.attributes
  const input = (a.input ?? 'dtmf').toLowerCase().split(/\s+/)
  const speech = input.includes('speech')
  const timeoutSec = Number(a.timeout ?? 5) || 5
  return {
    digits: input.includes('dtmf') || !speech,
    speech,
    finishOnKey: a.finishOnKey ?? '#',
    numDigits: Number(a.numDigits ?? Infinity) || Infinity,
    timeoutSec,
    // Without speechTimeout Twilio uses `timeout` for the end of speech too.
    speechEndSec: speechEndSeconds(a.speechTimeout, timeoutSec),
    actionOnEmptyResult: a.actionOnEmptyResult === 'true',
    bargeIn: a.bargeIn !== 'false',
  }
}

function speechEndSeconds(value: string | undefined, timeoutSec: number): number {
  if (value === 'auto') return AUTO_SPEECH_END_SECONDS
  const seconds = Number(value)
  return value !== undefined && Number.isFinite(seconds) && seconds > 0 ? seconds : timeoutSec
}

/**
 * Which input the caller gave first since the <Gather> started (it decides between Digits and SpeechResult).
 * Starting it discards keys and words from before.
 */
export class FirstInput {
  kind: 'digits' | 'speech' | null = null
  readonly #listeners = new Set<() => void>()
  readonly #off: (() => void)[]

  constructor(call: Call, options: GatherOptions) {
    call.digits = ''
    call.speech = []
    const seen = (kind: 'digits' | 'speech') => () => {
      if (this.kind) return
      this.kind = kind
      this.#listeners.forEach((listener) => listener())
    }
    this.#off = [options.digits && call.onDigits(seen('digits')), options.speech && call.onSpeech(seen('speech'))].filter((off) => typeof off === 'function')
  }

  onFirst(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  stop(): void {
    this.#off.forEach((off) => off())
  }
}

/** Keys up to finishOnKey, numDigits, or `timeout` without another key. Nothing but the finish key: no result. */
export async function collectDigits(ctx: VerbContext, o: GatherOptions): Promise<Record<string, string> | null> {
  for (;;) {
    const buffer = ctx.call.digits
    const keyAt = o.finishOnKey ? buffer.indexOf(o.finishOnKey) : -1
    if (keyAt >= 0) return digitsResult(buffer.slice(0, keyAt))
    if (buffer.length >= o.numDigits) return digitsResult(buffer.slice(0, o.numDigits))
    const input = await nextInput(ctx.call, mediaMs(ctx.sim, o.timeoutSec), ctx.signal, { digits: true, speech: false })
    if (input === 'timeout') return digitsResult(buffer)
  }
}

function digitsResult(digits: string): Record<string, string> | null {
  return digits ? { Digits: digits } : null
}

/** Listens while the caller talks, then until `speechTimeout` of silence; later utterances join the result. */
export async function hearSpeech(ctx: VerbContext, o: GatherOptions): Promise<Record<string, string>> {
  const heard: Utterance[] = []
  for (;;) {
    const utterance = ctx.call.speech.shift()
    if (utterance) {
      heard.push(utterance)
      await sleep(mediaMs(ctx.sim, utterance.seconds), ctx.signal)
      ctx.sim.events.emit({ type: 'speech', callSid: ctx.call.sid, text: utterance.text, phase: 'heard' })
      continue
    }
    const more = await nextInput(ctx.call, mediaMs(ctx.sim, o.speechEndSec), ctx.signal, { digits: false, speech: true })
    if (more === 'timeout') break
  }
  const result = { SpeechResult: recognizedText(heard.map((u) => u.text)), Confidence: String(Math.min(...heard.map((u) => u.confidence))) }
  ctx.call.addLog('listening', `Heard "${result.SpeechResult}" (confidence ${result.Confidence})`)
  return result
}
