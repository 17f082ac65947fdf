// Hand-written SVG charts for the dashboard: rendered on the server, no script. Each chart is an
// image with a <title> and <desc>, and the page gives its data as a table too. Labels sit above
// their bars so the charts stay legible when scaled down to a phone's width.
import type { Child } from 'hono/jsx'

const W = 420
const FONT = 'font-family:inherit'

export interface Segment {
  value: number
  fill: string
  label: string
}

export interface BarRow {
  label: string
  /** Text after the bar, e.g. `83% (5/6)`. */
  text: string
  segments: Segment[]
  href?: string
}

/** Horizontal bars, one per row, each made of segments (a plain bar is one segment). */
export function BarChart(props: { id: string; title: string; desc: string; rows: BarRow[]; max: number }) {
  const { rows, max } = props
  const rowH = 46
  const barW = W - 120
  const height = rows.length * rowH + 8
  return (
    <svg
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-t ${props.id}-d`}
      xmlns="http://www.w3.org/2000/svg"
      style={FONT}
    >
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {rows.map((r, i) => {
        const y = i * rowH + 4
        let x = 0
        const label = (
          <text x="0" y={y + 15} font-size="15" fill="#1b1f24">
            {r.label}
          </text>
        )
        return (
          <g>
            {r.href ? <a href={r.href}>{label}</a> : label}
            <rect x="0" y={y + 22} width={barW} height="16" fill="#e1e5ea" />
            {r.segments.map((s) => {
              const w = max > 0 ? (s.value / max) * barW : 0
              const rect = (
                <rect x={x} y={y + 22} width={w} height="16" fill={s.fill}>
                  <title>{`${s.label}: ${s.value}`}</title>
                </rect>
              )
              x += w
              return rect
            })}
            <text x={barW + 6} y={y + 35} font-size="14" fill="#1b1f24">
              {r.text}
            </text>
          </g>
        )
      })}
    </svg>
  )
}

/** A legend for segmented bars (colour and the word, never colour alone). */
export function Legend(props: { items: Array<{ fill: string; label: string }> }) {
  return (
    <ul class="meta" aria-hidden="true">
      {props.items.map((i) => (
        <li>
          <span style={`display:inline-block;width:12px;height:12px;margin-right:.25rem;background:${i.fill}`} />
          {i.label}
        </li>
      ))}
    </ul>
  )
}

/** Counts per row and column (findings per code per quarter); darker means more. */
export function Heatmap(props: {
  id: string
  title: string
  desc: string
  rows: Array<{ key: string; label: string }>
  cols: string[]
  count: (row: string, col: string) => number
}) {
  const { rows, cols } = props
  const rowH = 42
  const top = 22
  const cellW = cols.length ? Math.min(60, W / cols.length) : W
  const max = Math.max(1, ...rows.flatMap((r) => cols.map((c) => props.count(r.key, c))))
  const height = top + rows.length * rowH
  const shade = (n: number) => {
    if (n === 0) return '#f1f3f6'
    const k = n / max
    return k > 0.66 ? '#0f3460' : k > 0.33 ? '#2f6cb0' : '#a9c7ea'
  }
  return (
    <svg
      viewBox={`0 0 ${W} ${height}`}
      role="img"
      aria-labelledby={`${props.id}-t ${props.id}-d`}
      xmlns="http://www.w3.org/2000/svg"
      style={FONT}
    >
      <title id={`${props.id}-t`}>{props.title}</title>
      <desc id={`${props.id}-d`}>{props.desc}</desc>
      {cols.map((c, j) => (
        <text x={j * cellW + cellW / 2} y="14" font-size="11" text-anchor="middle" fill="#1b1f24">
          {c.replace(' ', '')}
        </text>
      ))}
      {rows.map((r, i) => {
        const y = top + i * rowH
        return (
          <g>
            <text x="0" y={y + 13} font-size="14" fill="#1b1f24">
              {r.label}
            </text>
            {cols.map((c, j) => {
              const n = props.count(r.key, c)
              const fill = shade(n)
              return (
                <g>
                  <rect x={j * cellW + 1} y={y + 16} width={cellW - 2} height="22" fill={fill}>
                    <title>{`${r.label} ${c}: ${n}`}</title>
                  </rect>
                  {n > 0 ? (
                    <text
                      x={j * cellW + cellW / 2}
                      y={y + 31}
                      font-size="12"
                      text-anchor="middle"
                      fill={fill === '#a9c7ea' ? '#1b1f24' : '#fff'}
                    >
                      {String(n)}
                    </text>
                  ) : null}
                </g>
              )
            })}
          </g>
        )
      })}
    </svg>
  )
}

export function Chart(props: { caption: string; wide?: boolean; children?: Child }) {
  return (
    <figure class={props.wide ? 'chart wide' : 'chart'}>
      {props.children}
      <figcaption>{props.caption}</figcaption>
    </figure>
  )
}

/** A chart's data as a table, folded away under a summary (the chart itself is an image). */
export function DataTable(props: { summary: string; id: string; caption: string; children?: Child }) {
  return (
    <details>
      <summary>{props.summary}</summary>
      <div class="table-wrap">
        <table id={props.id}>
          <caption>{props.caption}</caption>
          {props.children}
        </table>
      </div>
    </details>
  )
}
