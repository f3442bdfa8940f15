import twilio from 'twilio'

const { VoiceResponse } = twilio.twiml

/**
 * TwiML for the caller's way in: the menu, a configured queue and its hold loop, voicemail. `base` is
 * PUBLIC_URL (Twilio needs absolute URLs and signs over them). Knows queues only by id and words to say.
 */

/** Voicemails longer than two minutes are not transcribed by Twilio (Record's transcribe attribute). */
export const voicemailMaxSeconds = 120

/**
 * The one-level menu: a key or words (https://www.twilio.com/docs/voice/twiml/gather). With
 * actionOnEmptyResult the action hears about silence too, so the app counts attempts in one place.
 */
export function menu(base: string, { greeting, hints, attempt }: { greeting: string; hints: string; attempt: 1 | 2 }): string {
  const response = new VoiceResponse()
  if (attempt > 1) response.say('Sorry, I did not get that.')
  const gather = response.gather({
    input: ['dtmf', 'speech'],
    numDigits: 1,
    timeout: 6,
    speechTimeout: 'auto',
    actionOnEmptyResult: true,
    ...(hints ? { hints } : {}),
    action: `${base}/twilio/menu?attempt=${attempt}`,
    method: 'POST',
  })
  gather.say(greeting)
  return response.toString()
}

/** A configured queue: its greeting, then Twilio's queue named after it, its hold loop, and the Enqueue action. */
export function enqueue(base: string, { greeting, queueId }: { greeting: string; queueId: number }): string {
  const response = new VoiceResponse()
  if (greeting) response.say(greeting)
  response.enqueue({ action: `${base}/twilio/queue-result`, method: 'POST', waitUrl: `${base}/twilio/hold/${queueId}`, waitUrlMethod: 'POST' }, `queue-${queueId}`)
  return response.toString()
}

/**
 * One pass of the hold loop (a waitUrl document, https://www.twilio.com/docs/voice/twiml/enqueue#attributes-wait-url):
 * what is due to be said, then the queue's music, both listening for a key; then back here, carrying when
 * the next announcement is due.
 */
export function hold(base: string, { queueId, sentences, musicUrl, nextAnnounceAt }: { queueId: number; sentences: readonly string[]; musicUrl: string; nextAnnounceAt: number }): string {
  const response = new VoiceResponse()
  const gather = response.gather({ input: ['dtmf'], numDigits: 1, timeout: 1, action: `${base}/twilio/hold/${queueId}/choice`, method: 'POST' })
  for (const sentence of sentences) gather.say(sentence)
  gather.play(musicUrl)
  response.redirect({ method: 'POST' }, `${base}/twilio/hold/${queueId}?announceAt=${nextAnnounceAt}`)
  return response.toString()
}

/** A key pressed while holding that changes nothing: carry on with the hold loop. */
export function keepHolding(base: string, queueId: number): string {
  const response = new VoiceResponse()
  response.redirect({ method: 'POST' }, `${base}/twilio/hold/${queueId}`)
  return response.toString()
}

/** Out of the queue: Twilio requests the Enqueue action (QueueResult=leave), which says what comes next. */
export function leaveQueue(): string {
  const response = new VoiceResponse()
  response.leave()
  return response.toString()
}

/**
 * The prompt, then `<Record>` (https://www.twilio.com/docs/voice/twiml/record) with a transcription and
 * every recording status, so the app knows a message is being left before the caller hangs up.
 */
export function voicemail(base: string, prompt: string): string {
  const response = new VoiceResponse()
  response.say(prompt)
  response.record({
    action: `${base}/twilio/voicemail`,
    method: 'POST',
    maxLength: voicemailMaxSeconds,
    finishOnKey: '#',
    playBeep: true,
    transcribe: true,
    transcribeCallback: `${base}/twilio/voicemail/transcription`,
    recordingStatusCallback: `${base}/twilio/voicemail/recording`,
    recordingStatusCallbackMethod: 'POST',
    recordingStatusCallbackEvent: ['in-progress', 'completed', 'absent'],
  })
  response.say('We did not get a message. Goodbye.')
  response.hangup()
  return response.toString()
}

export function goodbye(words: string): string {
  const response = new VoiceResponse()
  response.say(words)
  response.hangup()
  return response.toString()
}
