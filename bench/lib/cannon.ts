/**
 * Child process for webhook-throughput: autocannon at a fixed concurrency against one URL, every request a
 * new Twilio voice webhook (fresh CallSid, valid X-Twilio-Signature). Prints one JSON line with the result
 * and every response time, so the parent computes the same percentiles as the other benchmarks.
 */
import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { signTwilioRequest } from '../../src/simulator/index.ts'

export interface CannonJob {
  url: string
  /** The URL Twilio signs: the app's public URL plus the path. */
  signedUrl: string
  authToken: string
  connections: number
  durationSec: number
}

export interface CannonResult {
  requests: number
  durationSec: number
  requestsPerSec: number
  errors: number
  timeouts: number
  non2xx: number
  latencies: number[]
}

const job = JSON.parse(process.env.BENCH_CANNON ?? '{}') as CannonJob
const accountSid = `AC${randomBytes(16).toString('hex')}`

/** The parameters Twilio sends with an inbound call's voice webhook (the app reads four of them). */
function voiceWebhook(): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: `CA${randomBytes(16).toString('hex')}`,
    CallStatus: 'ringing',
    Called: '+15550100000',
    Caller: '+15551234567',
    CallerName: 'Bench Caller',
    Direction: 'inbound',
    From: '+15551234567',
    FromCountry: 'US',
    To: '+15550100000',
    ToCountry: 'US',
  }
}

const latencies: number[] = []
const instance = autocannon({
  url: job.url,
  connections: job.connections,
  duration: job.durationSec,
  requests: [
    {
      method: 'POST',
      setupRequest(request) {
        const params = voiceWebhook()
        return {
          ...request,
          headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signTwilioRequest(job.authToken, job.signedUrl, params) },
          body: new URLSearchParams(params).toString(),
        }
      },
    },
  ],
})
instance.on('response', (_client, _status, _bytes, responseTime) => void latencies.push(responseTime))
const result = await instance
const output: CannonResult = {
  requests: result.requests.total,
  durationSec: result.duration,
  requestsPerSec: result.requests.total / result.duration,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  latencies,
}
process.stdout.write(`${JSON.stringify(output)}\n`)
