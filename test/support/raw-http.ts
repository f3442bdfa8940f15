import { request, type IncomingHttpHeaders } from 'node:http'
import { setImmediate } from 'node:timers/promises'

export interface RawAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A POST over node:http with any headers (or none: fetch always adds a content type; chunked when `transfer-encoding` is given), its body written
 * in 64 KiB pieces as a network delivers it. A reset or a broken pipe rejects, so a test that expects
 * an answer fails when the server hangs up instead.
 */
export function rawPost(baseUrl: string, path: string, headers: Record<string, string>, body: Buffer | string = ''): Promise<RawAnswer> {
  const bytes = Buffer.from(body)
  const length = headers['transfer-encoding'] ? {} : { 'content-length': String(bytes.length) }
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, baseUrl), { method: 'POST', headers: { ...length, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }))
      res.on('error', reject)
    })
    req.on('error', reject)
    void writeInPieces(req, bytes)
  })
}

async function writeInPieces(req: ReturnType<typeof request>, bytes: Buffer): Promise<void> {
  const piece = 64 * 1024
  for (let offset = 0; offset < bytes.length && !req.destroyed; offset += piece) {
    if (!req.write(bytes.subarray(offset, offset + piece))) await new Promise((resolve) => req.once('drain', resolve))
    await setImmediate()
  }
  if (!req.destroyed) req.end()
}
