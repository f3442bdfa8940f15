import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLIENT_MESSAGE_TYPES, SERVER_MESSAGE_TYPES } from '../../../src/simulator/protocol.ts'

const deviceJs = readFileSync(new URL('../../../public/simulator/device.js', import.meta.url), 'utf8')

describe('public/simulator/device.js speaks protocol.ts', () => {
  it('sends only client message types the schema knows', () => {
    const sent = [...deviceJs.matchAll(/_send\(\{ type: '(\w+)'/g)].map((m) => m[1])
    expect(sent.length).toBeGreaterThan(5)
    for (const type of sent) expect(CLIENT_MESSAGE_TYPES).toContain(type)
  })

  it('handles every server message type', () => {
    const handled = [...deviceJs.matchAll(/case '(\w+)':/g)].map((m) => m[1])
    expect([...handled].sort()).toEqual([...SERVER_MESSAGE_TYPES].sort())
  })

  it('installs Twilio.Device on globalThis like the SDK bundle', () => {
    expect(deviceJs).toContain('var Twilio = root.Twilio = root.Twilio || {}')
    expect(deviceJs).toContain('Twilio.Device = Twilio.Device || Device')
  })
})
