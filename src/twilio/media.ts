import { Readable } from 'node:stream'
import type { Telephony } from './telephony.ts'

export interface Media {
  type: string
  body: Readable
}

/**
 * A recording's audio, fetched from Twilio with the account's credentials (media may require HTTP Basic
 * authentication: https://www.twilio.com/docs/voice/api/recording#fetch-a-recording-media-file). The URL is
 * built from the RecordingSid, never taken from a request, so nothing else can be fetched this way.
 * Null when Twilio has no such media.
 */
export async function recordingMedia(telephony: Pick<Telephony, 'accountSid' | 'authToken' | 'apiBase'>, recordingSid: string): Promise<Media | null> {
  const url = `${telephony.apiBase()}/2010-04-01/Accounts/${telephony.accountSid}/Recordings/${recordingSid}.wav`
  const credentials = Buffer.from(`${telephony.accountSid}:${telephony.authToken}`).toString('base64')
  const response = await fetch(url, { headers: { authorization: `Basic ${credentials}` } })
  if (response.status === 404) return null
  if (!response.ok || !response.body) throw new Error(`Twilio answered ${response.status} for recording ${recordingSid}`)
  return { type: response.headers.get('content-type') ?? 'audio/x-wav', body: Readable.fromWeb(response.body as import('node:stream/web').ReadableStream) }
}
