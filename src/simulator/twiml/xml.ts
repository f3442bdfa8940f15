export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlNode[]
}

export type XmlNode = XmlElement | string

export class XmlError extends Error {}

const NAME = /^[A-Za-z_][\w.:-]*/
const ATTRIBUTE = /^\s+([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** A small, strict XML reader: enough for TwiML (elements, attributes, text, CDATA, comments). */
export function parseXml(source: string): XmlElement {
  const reader = { text: source, pos: 0 }
  skipMisc(reader)
  const root = readElement(reader)
  skipMisc(reader)
  if (reader.pos < reader.text.length) throw new XmlError('content after the root element')
  return root
}

interface Reader {
  text: string
  pos: number
}

function skipMisc(r: Reader): void {
  for (;;) {
    const rest = r.text.slice(r.pos)
    const space = /^\s+/.exec(rest)
    if (space) r.pos += space[0].length
    else if (rest.startsWith('<?')) r.pos = endOf(r, '?>')
    else if (rest.startsWith('<!--')) r.pos = endOf(r, '-->')
    else if (rest.startsWith('<!DOCTYPE')) r.pos = endOf(r, '>')
    else return
  }
}

function endOf(r: Reader, marker: string): number {
  const end = r.text.indexOf(marker, r.pos)
  if (end < 0) throw new XmlError(`unterminated ${marker}`)
  return end + marker.length
}

function readElement(r: Reader): XmlElement {
  if (r.text[r.pos] !== '<') throw new XmlError(`expected an element at ${r.pos}`)
  r.pos++
  const name = NAME.exec(r.text.slice(r.pos))?.[0]
  if (!name) throw new XmlError(`bad element name at ${r.pos}`)
  r.pos += name.length
  const element: XmlElement = { name, attributes: readAttributes(r), children: [] }
  const rest = r.text.slice(r.pos)
  const close = /^\s*(\/?)>/.exec(rest)
  if (!close) throw new XmlError(`malformed tag <${name}>`)
  r.pos += close[0].length
  if (close[1] !== '/') readChildren(r, element)
  return element
}

function readAttributes(r: Reader): Record<string, string> {
  const attributes: Record<string, string> = {}
  for (let m = ATTRIBUTE.exec(r.text.slice(r.pos)); m; m = ATTRIBUTE.exec(r.text.slice(r.pos))) {
    attributes[m[1] ?? ''] = decode(m[3] ?? m[4] ?? '')
    r.pos += m[0].length
  }
  return attributes
}

function readChildren(r: Reader, parent: XmlElement): void {
  for (;;) {
    if (r.pos >= r.text.length) throw new XmlError(`unclosed <${parent.name}>`)
    const rest = r.text.slice(r.pos)
    if (rest.startsWith(`</`)) return readClosing(r, parent.name)
    if (rest.startsWith('<!--')) r.pos = endOf(r, '-->')
    else if (rest.startsWith('<![CDATA[')) readCdata(r, parent)
    else if (rest.startsWith('<')) parent.children.push(readElement(r))
    else readText(r, parent)
  }
}

function readClosing(r: Reader, name: string): void {
  const m = /^<\/([^\s>]+)\s*>/.exec(r.text.slice(r.pos))
  if (m?.[1] !== name) throw new XmlError(`expected </${name}>`)
  r.pos += m[0].length
}

function readCdata(r: Reader, parent: XmlElement): void {
  const start = r.pos + '<![CDATA['.length
  r.pos = endOf(r, ']]>')
  parent.children.push(r.text.slice(start, r.pos - 3))
}

function readText(r: Reader, parent: XmlElement): void {
  const end = r.text.indexOf('<', r.pos)
  const stop = end < 0 ? r.text.length : end
  parent.children.push(decode(r.text.slice(r.pos, stop)))
  r.pos = stop
}

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16))
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10))
    const named = ENTITIES[ref]
    if (named === undefined) throw new XmlError(`unknown entity ${whole}`)
    return named
  })
}
