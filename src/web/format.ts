// Formatting for the pages: times in the jurisdiction's zone (Asia/Shanghai, UTC+8, no DST),
// articles of Decree 713 in words, and form values back into payload values.
import type { Lang } from './i18n'

const SHANGHAI_MS = 8 * 3600_000

/** `2026-11-19 16:30` in Beijing time. */
export function fmtTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return iso
  return new Date(t + SHANGHAI_MS).toISOString().slice(0, 16).replace('T', ' ')
}

/** `2026-11-19` (dates stay as they are; instants are taken in Beijing time). */
export function fmtDate(value: string | null | undefined): string {
  if (!value) return ''
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  return fmtTime(value).slice(0, 10)
}

/** Beijing wall-clock `YYYY-MM-DDTHH:mm` (a datetime-local value) for an instant. */
export function localInput(date: Date): string {
  return new Date(date.getTime() + SHANGHAI_MS).toISOString().slice(0, 16)
}

/** A datetime-local value in Beijing time to RFC 3339 with the +08:00 offset; other text unchanged. */
export function fromLocalInput(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00+08:00`
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}+08:00`
  return value
}

/** The quarter (`2025 Q3`) of an instant or date, in Beijing time. */
export function quarterOf(value: string): string {
  const d = fmtDate(value)
  const m = Number(d.slice(5, 7))
  return `${d.slice(0, 4)} Q${Math.ceil(m / 3)}`
}

/** `713/25(2)` → 《重大行政决策程序暂行条例》第25条第2款 / Decree 713 Art. 25(2). */
export function articleText(article: string, lang: Lang): string {
  const m = /^713\/(\d+(?:-\d+)?)(?:\((\d+)\))?$/.exec(article)
  if (m) {
    const [, n, p] = m
    return lang === 'zh' ? `《条例》第${n}条${p ? `第${p}款` : ''}` : `Decree 713 Art. ${n}${p ? `(${p})` : ''}`
  }
  if (article === 'local') return lang === 'zh' ? '地方规定' : 'Local rule'
  if (article === 'policy') return lang === 'zh' ? '本系统记录规则' : 'Service policy'
  return article
}
