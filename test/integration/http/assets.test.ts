import { readFile } from 'node:fs/promises'
import { request, type IncomingHttpHeaders } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestApp, type TestApp } from '../../support/app.ts'

let t: TestApp
beforeAll(async () => {
  t = await startTestApp()
})
afterAll(() => t.close())

const sdk = () => readFile(new URL('../../../node_modules/@twilio/voice-sdk/dist/twilio.min.js', import.meta.url))

/** The script and style URLs a logged-in panel page loads. */
async function panelAssetUrls(): Promise<string[]> {
  const browser = await t.loggedIn('alice')
  const html = await (await browser.get('/panel')).text()
  return [...html.matchAll(/(?:src|href)="(\/(?:assets|public)\/[^"]+)"/g)].map((match) => match[1]!.replace(/&#61;/g, '=').replace(/&amp;/g, '&'))
}

/** A GET as curl sends it: the path exactly as written, the body as it came over the wire. */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(t.url)
    request({ hostname, port, path, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
      .on('error', reject)
      .end()
  })
}

describe('static files', () => {
  it('are referenced by versioned URLs, each cached for good', async () => {
    const urls = await panelAssetUrls()
    expect(urls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\/public\/app\.css\?v=[\w-]{12}$/),
        expect.stringMatching(/^\/assets\/htmx\.js\?v=[\w-]{12}$/),
        expect.stringMatching(/^\/assets\/hx-ws\.js\?v=[\w-]{12}$/),
        expect.stringMatching(/^\/public\/device\.js\?v=[\w-]{12}$/),
      ]),
    )
    for (const url of urls) {
      const response = await fetch(`${t.url}${url}`)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('cache-control'), url).toBe('public, max-age=31536000, immutable')
    }
  })

  it('are revalidated by ETag when unversioned: 304 and no body', async () => {
    const first = await fetch(`${t.url}/assets/twilio.js`)
    expect(first.status).toBe(200)
    expect(first.headers.get('cache-control')).toBe('no-cache')
    expect(first.headers.get('last-modified')).toBeTruthy()
    expect(Buffer.from(await first.arrayBuffer()).equals(await sdk())).toBe(true)
    const etag = first.headers.get('etag')
    expect(etag).toBeTruthy()
    // As a browser revalidates (fetch() would add Cache-Control: no-cache, a reload, which always gets the file).
    const again = await rawGet('/assets/twilio.js', { 'if-none-match': etag!, 'accept-encoding': 'gzip, br' })
    expect(again.status).toBe(304)
    expect(again.body.length).toBe(0)
    expect(again.headers['cache-control']).toBe('no-cache')
  })

  it('answers an old version with the current file, to be revalidated', async () => {
    const response = await fetch(`${t.url}/assets/htmx.js?v=oldversion12`)
    expect(response.status).toBe(200)
    expect(response.headers.get('cache-control')).toBe('no-cache')
  })

  it('are compressed when the browser accepts it', async () => {
    const gzip = await rawGet('/assets/twilio.js', { 'accept-encoding': 'gzip' })
    expect(gzip.headers['content-encoding']).toBe('gzip')
    expect(gzip.headers.vary).toMatch(/accept-encoding/i)
    expect(gzip.body.length).toBeLessThan((await sdk()).length / 2)
    expect(gunzipSync(gzip.body).equals(await sdk())).toBe(true)
    const brotli = await rawGet('/public/app.css', { 'accept-encoding': 'br, gzip' })
    expect(brotli.headers['content-encoding']).toBe('br')
    expect(brotliDecompressSync(brotli.body).toString()).toBe(await readFile(new URL('../../../public/app.css', import.meta.url), 'utf8'))
    const plain = await rawGet('/public/app.css')
    expect(plain.headers['content-encoding']).toBeUndefined()
  })

  it.each([
    '/public/../package.json',
    '/public/%2e%2e/package.json',
    '/public/..%2fpackage.json',
    '/public/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    '/public//app.css',
    '/public/./app.css',
    '/public/README.md',
    '/assets/../package.json',
    '/assets/htmx.min.js',
  ])('keep %s out of reach: 404', async (path) => {
    expect((await rawGet(path)).status).toBe(404)
  })

  it('answer an unknown file with the 404 page', async () => {
    const response = await fetch(`${t.url}/public/nothing-here.js`, { headers: { accept: 'text/html' } })
    expect(response.status).toBe(404)
    expect(await response.text()).toContain('No such page.')
  })
})
