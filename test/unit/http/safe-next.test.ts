import { describe, expect, it } from 'vitest'
import { safeNext } from '../../../src/http/safe-next.ts'

describe('safeNext', () => {
  it.each([
    ['/\t/evil.example', 'a tab browsers drop'],
    ['/\n/evil.example', 'a newline browsers drop'],
    ['/\r\n/evil.example', 'CR LF'],
    ['//evil.example', 'a protocol-relative URL'],
    ['/\\evil.example', 'a backslash browsers read as a slash'],
    ['\\/evil.example', 'a leading backslash'],
    ['/.//evil.example', 'a dot segment that normalises to //'],
    ['https://evil.example/panel', 'an absolute URL'],
    ['javascript:alert(1)', 'a script URL'],
    [' /\t/evil.example', 'leading space'],
    ['panel', 'a relative path'],
    ['', 'nothing'],
  ])('sends %j (%s) to the panel', (next) => {
    expect(safeNext(next)).toBe('/panel')
  })

  it('keeps a path on this site, re-encoded', () => {
    expect(safeNext('/admin/calls?from=2025-01-01#top')).toBe('/admin/calls?from=2025-01-01#top')
    expect(safeNext('/%2F%2Fevil.example')).toBe('/%2F%2Fevil.example')
    expect(safeNext('/%09/evil.example')).toBe('/%09/evil.example')
    expect(safeNext('/admin/numbers/+1 555')).toBe('/admin/numbers/+1%20555')
  })

  it('ignores a next that is not one string', () => {
    expect(safeNext(undefined)).toBe('/panel')
    expect(safeNext(['/admin', '//evil.example'])).toBe('/panel')
  })
})
