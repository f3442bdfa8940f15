import type { FastifyInstance, FastifyReply } from 'fastify'
import { prompts, type Step } from '../../calls/ivr.ts'
import type { HoldStep } from '../../calls/holding.ts'
import { holdKeys } from '../../calls/holding.ts'
import { holdChoiceParams, holdParams, holdQuery, menuParams, menuQuery, queuePath, recordingStatusParams, recordParams, transcriptionParams } from '../../twilio/ivr-params.ts'
import * as ivr from '../../twilio/ivr-twiml.ts'
import { empty, greetAndEnqueue, hangUp, holdMusic } from '../../twilio/twiml.ts'

const callbackPromised = 'Thank you. We will call you back at this number when it is your turn. Goodbye.'
const messageTaken = 'Thank you for your message. Goodbye.'
const keysOffered = `Press ${holdKeys.voicemail} to leave a message, or press ${holdKeys.callback} and we will call you back.`

/** TwiML that is the same for every caller of one configuration (the config objects are replaced on change). */
const documents = new WeakMap<object, Map<string, string>>()
function memo(key: object, variant: string, build: () => string): string {
  const forKey = documents.get(key) ?? new Map<string, string>()
  documents.set(key, forKey)
  let xml = forKey.get(variant)
  if (!xml) forKey.set(variant, (xml = build()))
  return xml
}

/** What the caller hears for a step of their way in. */
export function stepTwiml(base: string, step: Step): string {
  if (step.kind === 'menu') {
    const { menu, attempt } = step
    return memo(menu, `${base} ${attempt}`, () => ivr.menu(base, { greeting: menu.greeting, hints: menu.options.flatMap((o) => o.keywords).join(', '), attempt }))
  }
  if (step.kind === 'queue') {
    const { queue } = step
    return queue ? memo(queue, base, () => ivr.enqueue(base, { greeting: queue.greeting, queueId: queue.id })) : greetAndEnqueue(base)
  }
  if (step.kind === 'voicemail') return ivr.voicemail(base, step.prompt)
  return hangUp()
}

function holdTwiml(base: string, queueId: number, step: Extract<HoldStep, { kind: 'music' }>): string {
  const { announcement } = step
  const sentences = announcement
    ? [
        announcement.position <= 1 ? 'You are next in line.' : `You are number ${announcement.position} in line.`,
        ...(announcement.minutes ? [`The estimated wait is about ${announcement.minutes} minute${announcement.minutes === 1 ? '' : 's'}.`] : []),
        keysOffered,
      ]
    : []
  return ivr.hold(base, { queueId, sentences, musicUrl: step.queue.holdMusicUrl, nextAnnounceAt: step.nextAnnounceAt })
}

/**
 * The IVR's webhooks, registered inside `twilioWebhooks` (signed, form-encoded, same error handling):
 * the menu's Gather action, the hold loop of configured queues and its keys, and voicemail's Record
 * action, recording status and transcription callbacks.
 */
export function ivrWebhooks(app: FastifyInstance) {
  const twiml = (reply: FastifyReply, xml: string) => reply.type('text/xml').send(xml)

  app.post('/twilio/menu', async (request, reply) => {
    const { attempt } = menuQuery.parse(request.query)
    const params = menuParams.parse(request.body ?? {})
    const step = await app.ivr.entry.menuInput(params.CallSid, attempt, { digits: params.Digits, speech: params.SpeechResult })
    return twiml(reply, stepTwiml(app.publicUrl(), step))
  })

  app.post('/twilio/hold/:queueId', async (request, reply) => {
    const { queueId } = queuePath.parse(request.params)
    const params = holdParams.parse(request.body ?? {})
    const step = await app.ivr.holding.hold(params.CallSid, queueId, params.QueueTime ?? 0, holdQuery.parse(request.query).announceAt)
    if (!step) return twiml(reply, holdMusic(undefined))
    return twiml(reply, step.kind === 'leave' ? ivr.leaveQueue() : holdTwiml(app.publicUrl(), queueId, step))
  })

  app.post('/twilio/hold/:queueId/choice', async (request, reply) => {
    const { queueId } = queuePath.parse(request.params)
    const params = holdChoiceParams.parse(request.body ?? {})
    const leaves = params.Digits ? await app.ivr.holding.choose(params.CallSid, params.Digits) : false
    return twiml(reply, leaves ? ivr.leaveQueue() : ivr.keepHolding(app.publicUrl(), queueId))
  })

  app.post('/twilio/voicemail', async (request, reply) => {
    const params = recordParams.parse(request.body ?? {})
    await app.ivr.voicemails.reported({ callSid: params.CallSid, recordingSid: params.RecordingSid, status: 'completed', durationSeconds: params.RecordingDuration, mediaUrl: params.RecordingUrl })
    return twiml(reply, ivr.goodbye(messageTaken))
  })

  app.post('/twilio/voicemail/recording', async (request, reply) => {
    const params = recordingStatusParams.parse(request.body ?? {})
    await app.ivr.voicemails.reported({ callSid: params.CallSid, recordingSid: params.RecordingSid, status: params.RecordingStatus, durationSeconds: params.RecordingDuration, mediaUrl: params.RecordingUrl })
    return reply.code(204).send()
  })

  app.post('/twilio/voicemail/transcription', async (request, reply) => {
    const params = transcriptionParams.parse(request.body ?? {})
    if (params.TranscriptionStatus === 'completed' && params.TranscriptionText) await app.ivr.voicemails.transcribed(params.CallSid, params.RecordingSid, params.TranscriptionText)
    return reply.code(204).send()
  })
}

/** The Enqueue action's TwiML: voicemail or a promised call back for a caller who left by choice, else nothing. */
export function queueLeftTwiml(base: string, next: 'voicemail' | 'callback' | 'nothing'): string {
  if (next === 'voicemail') return ivr.voicemail(base, prompts.voicemail)
  return next === 'callback' ? ivr.goodbye(callbackPromised) : empty()
}
