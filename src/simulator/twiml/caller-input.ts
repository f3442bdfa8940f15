import type { Call, Listening } from '../calls/call.ts'
import type { SimContext } from '../context.ts'
import { sleep } from '../dates.ts'

export type CallerInput = 'digit' | 'speech' | 'timeout'

/** setTimeout's ceiling; a wait this long stands for "no timeout". */
export const FOREVER_MS = 2 ** 31 - 1

/** A verb starts waiting for the caller: the console shows it, the CLI answers it, tests act on the event. */
export function startListening(sim: SimContext, call: Call, listening: Listening, text: string): void {
  call.listening = listening
  call.addLog(listening.recording ? 'recording' : 'listening', text)
  sim.events.emit({ type: 'listening', callSid: call.sid, ...listening })
}

/** Waits up to `ms` for the caller to press a key or speak (as asked); rejects when the verb is interrupted. */
export async function nextInput(call: Call, ms: number, signal: AbortSignal, wants: { digits: boolean; speech: boolean }): Promise<CallerInput> {
  const heard = new AbortController()
  let what: CallerInput = 'timeout'
  const hear = (input: CallerInput) => () => {
    what = input
    heard.abort()
  }
  const offDigits = wants.digits ? call.onDigits(hear('digit')) : undefined
  const offSpeech = wants.speech ? call.onSpeech(hear('speech')) : undefined
  try {
    await sleep(Math.min(ms, FOREVER_MS), AbortSignal.any([signal, heard.signal]))
    return 'timeout'
  } catch (error) {
    if (signal.aborted) throw error
    return what
  } finally {
    offDigits?.()
    offSpeech?.()
  }
}

/**
 * Speech as a recognizer returns it: one sentence, capitalised, ending in a full stop unless it has its own
 * punctuation ("sales" → "Sales."). Apps must normalise SpeechResult, as they must with Twilio's.
 */
export function recognizedText(parts: readonly string[]): string {
  const text = parts.join(' ').replace(/\s+/g, ' ').trim()
  if (!text) return ''
  const sentence = text.charAt(0).toUpperCase() + text.slice(1)
  return /[.?!]$/.test(sentence) ? sentence : `${sentence}.`
}
