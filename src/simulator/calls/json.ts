import { rfc2822, secondsBetween } from '../dates.ts'
import type { Call } from './call.ts'
import { restStatus } from './status.ts'

const API = '/2010-04-01'

export function callUri(call: Call): string {
  return `${API}/Accounts/${call.accountSid}/Calls/${call.sid}.json`
}

/** The Call resource as Twilio's REST API renders it. */
export function callJson(call: Call): Record<string, unknown> {
  const base = `${API}/Accounts/${call.accountSid}/Calls/${call.sid}`
  return {
    sid: call.sid,
    account_sid: call.accountSid,
    parent_call_sid: call.parentCallSid ?? null,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: null,
    status: restStatus(call.status),
    start_time: call.startTime ? rfc2822(call.startTime) : null,
    end_time: call.endTime ? rfc2822(call.endTime) : null,
    duration: call.endTime ? String(secondsBetween(call.startTime, call.endTime)) : null,
    price: null,
    price_unit: 'USD',
    direction: call.direction,
    answered_by: null,
    api_version: '2010-04-01',
    forwarded_from: null,
    group_sid: null,
    caller_name: call.callerName ?? null,
    queue_time: String(call.queueTime),
    trunk_sid: null,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    uri: callUri(call),
    subresource_uris: {
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
      events: `${base}/Events.json`,
    },
  }
}
