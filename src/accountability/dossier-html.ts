// The dossier (api.md: GET /v1/decisions/{id}/dossier?format=json|html): one document with the
// timeline, obligations, findings with articles, the accountability trail, the SHA-256 of every
// evidence document and the ledger proofs. Pure: the type, and a self-contained printable HTML
// rendering (no external assets, bilingual labels) shared by the API and the web pages.
import { html, raw } from 'hono/html'
import type { StoredEvent } from '../domain/envelope'
import { EVENT_LABELS } from '../domain/events'
import type { ComplianceReport } from '../rules'
import type { DecisionTrail } from './trail'

export interface Dossier {
  generatedAt: string
  decision: {
    decisionId: string
    title: string
    organId: string
    organName: string | undefined
    undertakingUnitId: string
    undertakingUnitName: string | undefined
  }
  report: ComplianceReport
  /** Every event as stored; corrected events carry `correctedBy`, corrections `corrects`. */
  timeline: Array<StoredEvent & { correctedBy?: string[]; corrects?: string }>
  trail: DecisionTrail
  evidence: Array<{ eventId: string; type: string; name: string; sha256: string; mediaType?: string; size?: number }>
  streamHead: { version: number; hash: string | undefined }
  /** The signed checkpoint and one inclusion proof per event (as in the export bundle). */
  ledger:
    | {
        checkpoint: string
        proofs: Array<{ eventId: string; ledgerIndex: number; treeSize: number; hashes: string[] }>
      }
    | { unavailable: string }
}

const STATE_ZH: Record<string, string> = {
  done: '已履行',
  missing: '缺失',
  pending: '待履行',
  not_applicable: '不适用',
}
const SEVERITY_ZH: Record<string, string> = { blocking: '阻断', major: '重大', minor: '一般', warning: '提示' }
const label = (type: string) => EVENT_LABELS[type as keyof typeof EVENT_LABELS]

const STYLE = `
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;margin:2rem;color:#111;line-height:1.5}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;border-bottom:2px solid #333;padding-bottom:.2rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:.5rem 0}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#eee}.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.75rem;word-break:break-all}
.muted{color:#555}.late{color:#8a4b00;font-weight:600}.bad{color:#9b1c1c;font-weight:600}
@media print{body{margin:1cm}h2{page-break-after:avoid}tr{page-break-inside:avoid}}`

export function renderDossier(d: Dossier) {
  const r = d.report
  return html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>决策卷宗 Dossier — ${d.decision.title}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${raw(STYLE)}</style></head>
<body>
<h1>${d.decision.title}</h1>
<p class="muted">决策编号 Decision <span class="mono">${d.decision.decisionId}</span> · 决策机关 Organ ${d.decision.organName ?? d.decision.organId}
 · 承办单位 Undertaking unit ${d.decision.undertakingUnitName ?? d.decision.undertakingUnitId}<br>
规则 Rulebook ${r.rulebook.id} v${r.rulebook.version} · 合规状态 Status <strong>${r.status}</strong> · 生成时间 Generated ${d.generatedAt}
 · 流版本 Stream version ${d.streamHead.version}, head hash <span class="mono">${d.streamHead.hash ?? ''}</span></p>
${
  r.calendar.fallbackYears.length
    ? html`<p class="late">${r.calendar.fallbackYears.join('、')} 年无法定节假日数据，工作日仅按周末计算 · No holiday data for ${r.calendar.fallbackYears.join(', ')}: working days counted on weekends only (rules.md §2)</p>`
    : ''
}

<h2>时间线 Timeline</h2>
<table><thead><tr><th>#</th><th>事项 Step</th><th>发生时间 Occurred</th><th>记录时间 Recorded</th><th>记录人 Recorded by</th><th>备注 Notes</th></tr></thead><tbody>
${d.timeline.map(
  (
    e,
  ) => html`<tr><td>${e.version}</td><td>${label(e.type)?.zh ?? e.type}<br><span class="muted">${label(e.type)?.en ?? e.type}</span></td>
<td>${e.occurredAt}</td><td>${e.recordedAt}</td><td>${e.actor.personId}<br><span class="muted">${e.actor.orgId} (${e.actor.role})</span></td>
<td>${e.correctedBy ? html`<span class="late">已更正 corrected by ${e.correctedBy.join(', ')}</span>` : ''}${e.corrects ? html`更正 corrects ${e.corrects}` : ''}</td></tr>`,
)}
</tbody></table>

<h2>法定程序 Obligations</h2>
${r.cycles.map(
  (
    c,
  ) => html`<h3>第 ${c.cycle} 轮 Cycle ${c.cycle}</h3><table><thead><tr><th>程序 Obligation</th><th>状态 State</th><th>期限 Due</th><th>说明 Reason</th><th>事件 Events</th></tr></thead><tbody>
${c.obligations.map(
  (o) =>
    html`<tr><td>${o.obligation}</td><td class="${o.state === 'missing' ? 'bad' : ''}">${STATE_ZH[o.state] ?? o.state} ${o.state}</td><td>${o.dueBy ?? ''}</td><td>${o.reason ?? ''}</td><td class="mono">${o.eventIds.join(' ')}</td></tr>`,
)}</tbody></table>`,
)}

<h2>问题 Findings</h2>
${
  r.findings.length === 0
    ? html`<p>无 None.</p>`
    : html`<table><thead><tr><th>代码 Code</th><th>严重程度 Severity</th><th>标题 Title</th><th>依据 Article</th><th>责任 Responsible</th><th>状态 Status</th><th>证据事件 Events</th></tr></thead><tbody>
${r.findings.map(
  (
    f,
  ) => html`<tr><td class="mono">${f.code}</td><td>${SEVERITY_ZH[f.severity] ?? f.severity} ${f.severity}</td><td>${f.title.zh}<br><span class="muted">${f.title.en}</span></td>
<td>${f.article}</td><td>${f.responsible ? `${f.responsible.capacity} ${f.responsible.orgId ?? ''} ${f.responsible.personIds.join(' ')}` : ''}</td><td>${f.status}</td><td class="mono">${f.eventIds.join(' ')}</td></tr>`,
)}</tbody></table>`
}

<h2>责任链 Accountability trail</h2>
<table><thead><tr><th>人员 Person</th><th>身份 Capacities</th><th>当时职务 Positions at the time</th><th>表态 Stance</th><th>责任 Liability</th><th>归属问题 Findings</th></tr></thead><tbody>
${d.trail.people.map(
  (p) => html`<tr><td>${p.name ?? ''}<br><span class="mono">${p.personId}</span></td><td>${p.capacities.join(', ')}</td>
<td>${p.positions.map((pos) => html`${pos.orgName ?? pos.orgId} ${pos.title}<br>`)}</td><td>${p.stance ?? ''}</td>
<td>${p.liability ?? ''}${p.liabilityDeterminations.map((l) => html`<br>${l.outcome} (${l.capacity})`)}</td><td class="mono">${p.findings.join(' ')}</td></tr>`,
)}</tbody></table>

<h2>证据材料 Evidence (SHA-256)</h2>
<table><thead><tr><th>材料 Document</th><th>事项 Step</th><th>SHA-256</th></tr></thead><tbody>
${d.evidence.map((e) => html`<tr><td>${e.name}</td><td>${label(e.type)?.zh ?? e.type}</td><td class="mono">${e.sha256}</td></tr>`)}
</tbody></table>

<h2>防篡改证明 Ledger proofs</h2>
${
  'checkpoint' in d.ledger
    ? html`<p>签名检查点 Signed checkpoint (verify with <span class="mono">decision-trail verify</span> and the published key):</p>
<pre class="mono">${d.ledger.checkpoint}</pre>
<table><thead><tr><th>事件 Event</th><th>账本序号 Ledger index</th><th>树大小 Tree size</th><th>包含证明 Inclusion proof</th></tr></thead><tbody>
${d.ledger.proofs.map((p) => html`<tr><td class="mono">${p.eventId}</td><td>${p.ledgerIndex}</td><td>${p.treeSize}</td><td class="mono">${p.hashes.join(' ')}</td></tr>`)}
</tbody></table>`
    : html`<p class="muted">${d.ledger.unavailable}</p>`
}
</body></html>`
}
