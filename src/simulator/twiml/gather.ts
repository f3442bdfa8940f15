import { mediaMs } from '../context.ts'
import type { Next, VerbContext } from './context.ts'
import { actionOrDocumentSource, NEXT } from './context.ts'
import type { GatherOptions } from './gather-input.ts'
import { collectDigits, FirstInput, gatherOptions, hearSpeech } from './gather-input.ts'
import { nextInput, startListening } from './caller-input.ts'
import type { TwimlVerb } from './parse.ts'
import { textOf, TwimlError } from './parse.ts'
import { runVerbs } from './run-verbs.ts'

const PROMPT_VERBS = new Set(['Say', 'Play', 'Pause'])

/**
 * <Gather> (https://www.twilio.com/docs/voice/twiml/gather): keys, speech, or both (`input="dtmf speech"`, where the
 * first input detected wins). The nested prompt stops at the first input (bargeIn); the action gets Digits, or
 * SpeechResult + Confidence. No input before `timeout`: the next verb runs, unless actionOnEmptyResult="true".
 */
export async function gather(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  const options = gatherOptions(verb)
  const first = new FirstInput(ctx.call, options)
  startListening(ctx.sim, ctx.call, { digits: options.digits, speech: options.speech, recording: false }, listeningText(options))
  try {
    await prompt(ctx, verb, options, first)
    const params = await collect(ctx, options, first)
    if (params) return { kind: 'goto', source: actionOrDocumentSource(ctx, verb, params) }
    return options.actionOnEmptyResult ? { kind: 'goto', source: actionOrDocumentSource(ctx, verb, {}) } : NEXT
  } finally {
    first.stop()
    ctx.call.listening = null
  }
}

async function prompt(ctx: VerbContext, verb: TwimlVerb, options: GatherOptions, first: FirstInput): Promise<void> {
  const verbs = verb.nouns.map((n) => ({ name: n.name, attributes: n.attributes, text: textOf(n), nouns: [] }))
  const bad = verbs.find((v) => !PROMPT_VERBS.has(v.name))
  if (bad) throw new TwimlError(12200, `<Gather><${bad.name}> is not allowed`)
  if (!options.bargeIn) {
    await runVerbs(ctx, verbs)
    return
  }
  const heard = new AbortController()
  const off = first.onFirst(() => heard.abort())
  try {
    if (!first.kind) await runVerbs({ ...ctx, signal: AbortSignal.any([ctx.signal, heard.signal]) }, verbs)
  } catch (error) {
    if (ctx.signal.aborted || !heard.signal.aborted) throw error
  } finally {
    off()
  }
}

async function collect(ctx: VerbContext, options: GatherOptions, first: FirstInput): Promise<Record<string, string> | null> {
  if (!first.kind && (await nextInput(ctx.call, mediaMs(ctx.sim, options.timeoutSec), ctx.signal, options)) === 'timeout') return null
  return first.kind === 'speech' ? hearSpeech(ctx, options) : collectDigits(ctx, options)
}

function listeningText(options: GatherOptions): string {
  const what = [options.digits && 'keys', options.speech && 'speech'].filter(Boolean).join(' or ')
  return `Listening for ${what}`
}
