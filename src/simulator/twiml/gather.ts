import { mediaMs } from '../context.ts'
import { sleep } from '../dates.ts'
import type { Call } from '../calls/call.ts'
import type { Next, VerbContext } from './context.ts'
import { NEXT } from './context.ts'
import type { TwimlVerb } from './parse.ts'
import { textOf, TwimlError } from './parse.ts'
import { runVerbs } from './run-verbs.ts'
import { httpMethod, resolveUrl } from './source.ts'

const PROMPT_VERBS = new Set(['Say', 'Play', 'Pause'])

/** DTMF only: the prompt stops at the first digit; ends on numDigits, finishOnKey or silence. */
export async function gather(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  ctx.call.digits = ''
  await prompt(ctx, verb)
  const digits = await collect(ctx, verb)
  if (!digits) return NEXT
  const url = resolveUrl(verb.attributes.action ?? ctx.doc.baseUrl, ctx.doc.baseUrl)
  return { kind: 'goto', source: { kind: 'url', webhook: 'action', url, method: httpMethod(verb.attributes.method), params: { Digits: digits } } }
}

async function prompt(ctx: VerbContext, verb: TwimlVerb): Promise<void> {
  const verbs = verb.nouns.map((n) => ({ name: n.name, attributes: n.attributes, text: textOf(n), nouns: [] }))
  const bad = verbs.find((v) => !PROMPT_VERBS.has(v.name))
  if (bad) throw new TwimlError(12200, `<Gather><${bad.name}> is not allowed`)
  const pressed = new AbortController()
  const off = ctx.call.onDigits(() => pressed.abort())
  try {
    if (!ctx.call.digits) await runVerbs({ ...ctx, signal: AbortSignal.any([ctx.signal, pressed.signal]) }, verbs)
  } catch (error) {
    if (ctx.signal.aborted || !pressed.signal.aborted) throw error
  } finally {
    off()
  }
}

async function collect(ctx: VerbContext, verb: TwimlVerb): Promise<string> {
  const finishOnKey = verb.attributes.finishOnKey ?? '#'
  const numDigits = Number(verb.attributes.numDigits ?? Infinity) || Infinity
  const timeoutMs = mediaMs(ctx.sim, Number(verb.attributes.timeout ?? 5) || 5)
  for (;;) {
    const buffer = ctx.call.digits
    const keyAt = finishOnKey ? buffer.indexOf(finishOnKey) : -1
    if (keyAt >= 0) return buffer.slice(0, keyAt)
    if (buffer.length >= numDigits) return buffer.slice(0, numDigits)
    if (!(await nextDigit(ctx.call, timeoutMs, ctx.signal))) return buffer
  }
}

async function nextDigit(call: Call, timeoutMs: number, signal: AbortSignal): Promise<boolean> {
  const pressed = new AbortController()
  const off = call.onDigits(() => pressed.abort())
  try {
    await sleep(timeoutMs, AbortSignal.any([signal, pressed.signal]))
    return false
  } catch (error) {
    if (signal.aborted) throw error
    return true
  } finally {
    off()
  }
}
