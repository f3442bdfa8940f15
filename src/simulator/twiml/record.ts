import { isInterruption } from '../calls/call.ts'
import type { Recording, RecordingCallback } from '../recordings/recording.ts'
import { recordingCallback } from '../recordings/recording.ts'
import { recordingUrl } from '../recordings/json.ts'
import { transcribeLater } from '../recordings/transcribe.ts'
import { recognizedText, startListening } from './caller-input.ts'
import type { Next, VerbContext } from './context.ts'
import { actionOrDocumentSource, NEXT, STOP } from './context.ts'
import { notifyIgnoringTwiml } from './load.ts'
import type { TwimlVerb } from './parse.ts'
import type { Ending, RecordOptions } from './record-listen.ts'
import { listen, recordOptions, Take } from './record-listen.ts'
import { resolveUrl } from './source.ts'

/**
 * <Record> (https://www.twilio.com/docs/voice/twiml/record). The action gets RecordingUrl, RecordingSid,
 * RecordingDuration and Digits (the finish key, or `hangup`); its TwiML replaces the document. An empty recording
 * requests no action: the next verb runs. A caller who hangs up still causes the action request (TwiML ignored).
 */
export async function record(ctx: VerbContext, verb: TwimlVerb): Promise<Next> {
  const o = recordOptions(verb)
  const { call, sim } = ctx
  call.digits = ''
  call.speech = []
  const rec = sim.recordings.start({ callSid: call.sid, source: 'RecordVerb', channels: 1, callback: statusCallback(ctx, verb) })
  startListening(sim, call, { digits: o.finishOnKey.length > 0, speech: true, recording: true }, o.playBeep ? 'Beep. Recording…' : 'Recording…')
  const take = new Take(sim.options.timeScale)
  try {
    const ending = await listen(ctx, o, take)
    return finish(ctx, verb, rec, take, durationOf(o, take, ending), ending.by === 'key' ? ending.key : undefined)
  } catch (error) {
    if (!isInterruption(error)) throw error
    take.stopTalking(false)
    const next = await finish(ctx, verb, rec, take, durationOf(o, take, null), call.isLive ? undefined : 'hangup')
    if (call.isLive) throw error // a REST redirect: the recording ends, no action, the new document runs
    return next
  } finally {
    call.listening = null
  }
}

async function finish(ctx: VerbContext, verb: TwimlVerb, rec: Recording, take: Take, duration: number, digits: string | undefined): Promise<Next> {
  const { call, sim } = ctx
  sim.recordings.stop(rec, duration)
  call.addLog('recording', duration ? `Recorded ${duration} s` : 'Nothing recorded')
  if (rec.status === 'completed' && wantsTranscription(verb)) transcribeLater(sim, call, rec, recognizedText(take.words), urlOf(ctx, verb.attributes.transcribeCallback))
  if (rec.status !== 'completed') return call.isLive ? NEXT : STOP
  const params: Record<string, string> = { RecordingUrl: recordingUrl(rec, sim.options.simulatorUrl()), RecordingSid: rec.sid, RecordingDuration: String(duration) }
  if (digits) params.Digits = digits
  const source = actionOrDocumentSource(ctx, verb, params)
  if (call.isLive) return { kind: 'goto', source }
  await notifyIgnoringTwiml(sim, call, source)
  return STOP
}

/** Silence only: empty. trim-silence (the default) keeps only the talking; a recording cut at maxLength is maxLength long. */
function durationOf(o: RecordOptions, take: Take, ending: Ending | null): number {
  if (take.words.length === 0) return 0
  if (ending?.by === 'max-length') return o.maxLengthSec
  return o.trim ? take.talkSec : Math.min(o.maxLengthSec, take.totalSec)
}

function statusCallback(ctx: VerbContext, verb: TwimlVerb): RecordingCallback | undefined {
  const a = verb.attributes
  return recordingCallback(urlOf(ctx, a.recordingStatusCallback), a.recordingStatusCallbackMethod, [a.recordingStatusCallbackEvent ?? ''])
}

/** transcribeCallback implies transcribe="true" (the simulator's reading of the docs; see README). */
function wantsTranscription(verb: TwimlVerb): boolean {
  return verb.attributes.transcribe === 'true' || Boolean(verb.attributes.transcribeCallback)
}

function urlOf(ctx: VerbContext, url: string | undefined): string | undefined {
  return url ? resolveUrl(url, ctx.doc.baseUrl) : undefined
}
