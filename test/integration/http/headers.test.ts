import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'
import type { TestClient } from '../../support/http.ts'

let t: TestApp
let admin: TestClient
beforeAll(async () => {
  t = await startTestApp()
  admin = await t.loggedIn('admin')
})
afterAll(() => t.close())

function directives(csp: string | null): Map<string, string> {
  return new Map((csp ?? '').split(';').map((part) => part.trim().split(/\s+/)).map(([name = '', ...values]) => [name, values.join(' ')]))
}

describe('security headers', () => {
  it.each(['/login', '/panel', '/admin/calls', '/admin/live', '/no/such/page', '/sim/simulator'])('are on %s', async (path) => {
    const response = await admin.get(path, { accept: 'text/html' })
    expect(response.headers.get('x-frame-options')).toBe('DENY')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(response.headers.get('referrer-policy')).toBe('same-origin')
    const csp = directives(response.headers.get('content-security-policy'))
    expect(csp.get('default-src')).toBe("'self'")
    expect(csp.get('script-src')).toBe("'self'")
    expect(csp.get('style-src')).toBe("'self'")
    expect(csp.get('object-src')).toBe("'none'")
    expect(csp.get('base-uri')).toBe("'self'")
    expect(csp.get('form-action')).toBe("'self'")
    expect(csp.get('frame-ancestors')).toBe("'none'")
    expect(csp.get('connect-src')).toBe(`'self' ${t.url.replace('http', 'ws')}`)
    expect(csp.get('media-src')).toBe("'self'")
    expect(csp.has('upgrade-insecure-requests')).toBe(false)
    expect(response.headers.get('strict-transport-security')).toBeNull()
  })

  it.each(['/login', '/panel', '/admin/calls', '/admin/agents/1', '/voice/token'])('forbid storing %s', async (path) => {
    const response = await admin.get(path, { accept: 'text/html' })
    expect(response.status).toBeLessThan(500)
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('forbid storing the login page a logged-out browser sees, and the redirect to it', async () => {
    const browser = t.client()
    expect((await browser.get('/login')).headers.get('cache-control')).toBe('no-store')
    expect((await browser.get('/panel')).headers.get('cache-control')).toBe('no-store')
  })
})

describe('security headers with real Twilio and HTTPS', () => {
  let real: TestApp
  beforeAll(async () => {
    real = await startTestApp({
      env: {
        PUBLIC_URL: 'https://calls.example.com',
        TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}`,
        TWILIO_AUTH_TOKEN: 'b'.repeat(32),
        TWILIO_API_KEY_SID: `SK${'c'.repeat(32)}`,
        TWILIO_API_KEY_SECRET: 'd'.repeat(32),
        TWILIO_TWIML_APP_SID: `AP${'e'.repeat(32)}`,
        TWILIO_NUMBER: '+15550100000',
      },
    })
  })
  afterAll(() => real.close())

  it("let the Voice SDK reach Twilio's hosts, upgrade requests and ask for HSTS", async () => {
    const response = await fetch(`${real.url}/login`)
    expect(real.app.telephony.mode).toBe('twilio')
    const csp = directives(response.headers.get('content-security-policy'))
    expect(csp.get('connect-src')).toBe("'self' wss://calls.example.com wss://*.twilio.com https://*.twilio.com")
    expect(csp.get('media-src')).toBe("'self' https://sdk.twilio.com blob:")
    expect(csp.get('script-src')).toBe("'self'")
    expect(csp.has('upgrade-insecure-requests')).toBe(true)
    expect(response.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/)
  })
})
