import twilio from 'twilio'
import type { Twilio } from 'twilio'
import type RequestClient from 'twilio/lib/base/RequestClient.js'

const TWILIO_API = /^https:\/\/api(\.[a-z0-9-]+)*\.twilio\.com/

type BaseUrl = string | (() => string)

/** Sends the official client's requests to the simulator instead of api.twilio.com (https://github.com/twilio/twilio-node/blob/main/advanced-examples/custom-http-client.md). */
class SimulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: BaseUrl) {
    super()
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    const base = (typeof this.baseUrl === 'function' ? this.baseUrl() : this.baseUrl).replace(/\/+$/, '')
    return super.request<TData>({ ...opts, uri: opts.uri.replace(TWILIO_API, base) })
  }
}

/**
 * The official `twilio` client pointed at a simulator, e.g. `http://127.0.0.1:3000/sim`.
 * `baseUrl` may be a function when the port is known only after listen.
 */
export function createSimulatorClient(baseUrl: BaseUrl, accountSid: string, authToken: string): Twilio {
  return twilio(accountSid, authToken, { httpClient: new SimulatorRequestClient(baseUrl) })
}
