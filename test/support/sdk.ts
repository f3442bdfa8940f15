import type { Page } from 'playwright-core'

type Emitter = { listenerCount(name: string): number; emit(name: string, ...args: unknown[]): boolean }
type DeviceClass = new (token: string, options?: Record<string, unknown>) => Emitter & { updateToken(token: string): void }

export interface PhoneRecord {
  constructed: { token: string; options: Record<string, unknown>; listeners: Record<string, number> }[]
  updatedTokens: string[]
}

/**
 * From the next page load on, records every `Twilio.Device` the page constructs (token, options) and every
 * `updateToken`, whichever script defines it: the SDK bundle and the stand-in both set `Twilio.Device` only
 * if it is not there yet, so a setter sees the class first and hands the page a subclass that records.
 */
export async function instrumentDevice(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const record = { constructed: [] as { token: string; options: Record<string, unknown> }[], devices: [] as unknown[], updatedTokens: [] as string[] }
    let Recorded: DeviceClass | undefined
    const twilio = {}
    Object.defineProperty(twilio, 'Device', {
      configurable: true,
      enumerable: true,
      get: () => Recorded,
      set(Real: DeviceClass) {
        Recorded = class extends Real {
          constructor(token: string, options: Record<string, unknown> = {}) {
            super(token, options)
            record.constructed.push({ token, options })
            record.devices.push(this)
          }
          updateToken(token: string) {
            record.updatedTokens.push(token)
            return super.updateToken(token)
          }
        }
      },
    })
    Object.assign(window, { Twilio: twilio, phoneRecord: record })
  })
}

export function phoneRecord(page: Page): Promise<PhoneRecord> {
  return page.evaluate(() => {
    const record = (window as unknown as { phoneRecord: { constructed: { token: string; options: Record<string, unknown> }[]; devices: Emitter[]; updatedTokens: string[] } }).phoneRecord
    const events = ['registered', 'unregistered', 'error', 'tokenWillExpire', 'incoming']
    return {
      constructed: record.constructed.map((c, i) => ({ ...c, listeners: Object.fromEntries(events.map((e) => [e, record.devices[i]!.listenerCount(e)])) })),
      updatedTokens: record.updatedTokens,
    }
  })
}

/** Members set on each call in its constructor, so not found on `Call.prototype`; checked in the SDK's declarations instead. */
const callFields = new Set(['parameters', 'customParameters'])

export interface UsedSurface {
  /** `device.x`, `device.audio.x`, `audio.x` (the Device's audio helper), `call.x` (a Call's prototype). */
  members: string[]
  callFields: string[]
  deviceEvents: string[]
  callEvents: string[]
  audioEvents: string[]
}

/** What our browser scripts use of the SDK, read from their source: every member chain and every event they listen to. */
export function usedSurface(source: string): UsedSurface {
  const members = new Set<string>()
  const fields = new Set<string>()
  for (const [, owner, chain] of source.matchAll(/\b(device|call|current|audio)((?:\??\.\w+)+)/g)) {
    const names = chain!.replace(/\?/g, '').split('.').filter(Boolean)
    const root = owner === 'current' ? 'call' : owner!
    if (root === 'call' && callFields.has(names[0]!)) {
      fields.add(names[0]!)
      continue
    }
    names.forEach((_, i) => members.add([root, ...names.slice(0, i + 1)].join('.')))
  }
  const events = (owner: string) => [...new Set([...source.matchAll(new RegExp(`\\b${owner}\\.on\\('(\\w+)'`, 'g'))].map((m) => m[1]!))].sort()
  return { members: [...members].sort(), callFields: [...fields], deviceEvents: events('device'), callEvents: events('call'), audioEvents: events('audio') }
}

/** The kind of each member (function, boolean, Map, …) on a Device built by `scriptUrl` (the SDK or the stand-in), and its event names. */
export async function surfaceOf(page: Page, pageUrl: string, scriptUrl: string, token: string, members: string[]) {
  await page.goto(pageUrl)
  await page.addScriptTag({ url: scriptUrl })
  const surface = await page.evaluate(
    ({ token, members }) => {
      const Twilio = (window as unknown as { Twilio: { Device: (new (token: string, options: object) => Record<string, unknown> & { destroy(): void }) & { EventName: Record<string, string> }; Call: { prototype: unknown } } }).Twilio
      const device = new Twilio.Device(token, {})
      const roots: Record<string, unknown> = { device, audio: device.audio, call: Twilio.Call.prototype }
      const kind = (value: unknown) => (value instanceof Map ? 'Map' : value === null ? 'null' : typeof value)
      const at = (path: string) => {
        const [root, ...names] = path.split('.')
        return names.reduce<unknown>((value, name) => (value == null ? undefined : (value as Record<string, unknown>)[name]), roots[root!])
      }
      const result = { members: Object.fromEntries(members.map((member) => [member, kind(at(member))])), deviceEvents: Object.values(Twilio.Device.EventName).sort() }
      device.destroy()
      return result
    },
    { token, members },
  )
  await page.close()
  return surface
}
