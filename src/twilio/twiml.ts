import twilio from 'twilio'

const { VoiceResponse } = twilio.twiml

export const queueName = 'support'
export const holdMusicUrl = 'http://com.twilio.sounds.music.s3.amazonaws.com/MARKOVICHAMP-Borghestral.mp3'

const greetings = new Map<string, string>()

/**
 * `base` is PUBLIC_URL: Twilio needs absolute callback URLs, and signs over exactly these.
 * The greeting is the same document for every ring, so it is built once per base URL.
 */
export function greetAndEnqueue(base: string): string {
  let twiml = greetings.get(base)
  if (!twiml) greetings.set(base, (twiml = buildGreetAndEnqueue(base)))
  return twiml
}

function buildGreetAndEnqueue(base: string): string {
  return sayAndEnqueue(base, 'Thanks for calling. Please hold while we find someone to take your call.')
}

export function backToQueue(base: string): string {
  return sayAndEnqueue(base, 'Sorry, that agent is not available. Please keep holding.')
}

function sayAndEnqueue(base: string, words: string): string {
  const response = new VoiceResponse()
  response.say(words)
  response.enqueue(
    { action: `${base}/twilio/queue-result`, method: 'POST', waitUrl: `${base}/twilio/hold`, waitUrlMethod: 'POST' },
    queueName,
  )
  return response.toString()
}

export function holdMusic(position: number | undefined): string {
  const response = new VoiceResponse()
  if (position) response.say(position === 1 ? 'You are next in line.' : `You are number ${position} in line.`)
  response.play(holdMusicUrl)
  return response.toString()
}

export function dialAgent(base: string, identity: string, ringSeconds: number): string {
  const response = new VoiceResponse()
  response
    .dial({ action: `${base}/twilio/dial-result`, method: 'POST', timeout: ringSeconds })
    .client({ statusCallback: `${base}/twilio/status`, statusCallbackMethod: 'POST', statusCallbackEvent: ['answered', 'completed'] }, identity)
  return response.toString()
}

/** Every answered call talks in a conference of its own, named after the call (docs/decisions/0011). */
export function conferenceName(callId: number): string {
  return `call-${callId}`
}

/**
 * The caller's side of the bridge: the conference named after the call, hearing hold music while alone; the
 * conference ends when the caller leaves (https://www.twilio.com/docs/voice/twiml/conference#attributes-endConferenceOnExit).
 * Its status callbacks go to the call's signed route.
 */
export function joinConference(base: string, callId: number, record = false): string {
  const response = new VoiceResponse()
  response.dial({ action: `${base}/twilio/dial-result`, method: 'POST' }).conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      participantLabel: 'caller',
      waitUrl: `${base}/twilio/hold`,
      waitMethod: 'POST',
      statusCallback: `${base}/twilio/conference/${callId}`,
      statusCallbackMethod: 'POST',
      // https://www.twilio.com/docs/voice/twiml/conference#attributes-statusCallbackEvent
      statusCallbackEvent: ['start', 'end', 'join', 'leave', 'hold', 'mute'],
      ...(record ? conferenceRecording(base, callId) : {}),
    },
    conferenceName(callId),
  )
  return response.toString()
}

/**
 * RECORD_CALLS=all: the whole conference is recorded from its start, its reports go to the call's route
 * (https://www.twilio.com/docs/voice/twiml/conference#record, #recordingstatuscallback).
 */
export function conferenceRecording(base: string, callId: number) {
  return {
    record: 'record-from-start' as const,
    recordingStatusCallback: `${base}/twilio/calls/${callId}/recording`,
    recordingStatusCallbackMethod: 'POST' as const,
    recordingStatusCallbackEvent: ['in-progress' as const, 'completed' as const, 'absent' as const],
  }
}

/**
 * The agent's leg of an outbound call once their browser answers: into the call's conference, labelled as the
 * agent, starting it (so no wait music) without a beep; the conference ends when they leave. The number is
 * added to it through the Participants API (docs/decisions/0011). Status callbacks and recording as the
 * inbound caller's side (https://www.twilio.com/docs/voice/twiml/conference#attributes).
 */
export function agentJoinsConference(base: string, callId: number, identity: string, record = false): string {
  const response = new VoiceResponse()
  response.dial().conference(
    {
      startConferenceOnEnter: true,
      endConferenceOnExit: true,
      beep: 'false',
      participantLabel: identity,
      statusCallback: `${base}/twilio/conference/${callId}`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['start', 'end', 'join', 'leave', 'hold', 'mute'],
      ...(record ? conferenceRecording(base, callId) : {}),
    },
    conferenceName(callId),
  )
  return response.toString()
}

export function hangUp(): string {
  const response = new VoiceResponse()
  response.hangup()
  return response.toString()
}

export function empty(): string {
  return new VoiceResponse().toString()
}
