// The one stylesheet of the web pages, served from the app (/assets/web.css): no CDN, no web
// fonts (an offline government network); system CJK fonts. Colours keep text contrast ≥ 4.5:1
// (badges carry text, never colour alone); focus is always visible; phones down to 360 px.
import { createHash } from 'node:crypto'

export const WEB_CSS = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif;font-size:16px;line-height:1.6;color:#1b1f24;background:#f5f6f8}
a{color:#0a58a8}
a:hover{color:#083f7a}
:focus-visible{outline:3px solid #0b57d0;outline-offset:2px;box-shadow:0 0 0 5px #fff}
.skip{position:absolute;left:-9999px;top:0;background:#fff;color:#0a58a8;padding:.5rem 1rem;z-index:10}
.skip:focus{left:.5rem;top:.5rem}
header.site{background:#0f3460;color:#fff}
header.site a,header.site button.link{color:#fff}
header.site :focus-visible{outline-color:#ffd54a;box-shadow:none}
.bar{max-width:1160px;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;align-items:center;gap:.5rem 1.25rem}
.brand{font-weight:700;font-size:1.1rem;text-decoration:none;margin-right:auto}
.brand small{display:block;font-weight:400;font-size:.75rem;opacity:.9}
nav.main ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem 1rem}
nav.main a{text-decoration:none;padding:.25rem 0;display:inline-block;border-bottom:3px solid transparent}
nav.main a[aria-current=page]{border-bottom-color:#ffd54a}
.who{font-size:.85rem;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:center}
.who form{display:inline}
button.link{background:none;border:0;padding:0;font:inherit;text-decoration:underline;cursor:pointer;color:#0a58a8}
main{max-width:1160px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0 .75rem}
h2{font-size:1.2rem;margin:1.75rem 0 .5rem;padding-bottom:.25rem;border-bottom:2px solid #c5ccd6}
h3{font-size:1.05rem;margin:1.25rem 0 .5rem}
p{margin:.5rem 0}
.muted{color:#4a5360}
.small{font-size:.85rem}
.mono{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
.card{background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:.75rem 1rem;margin:.75rem 0}
.card>h3:first-child{margin-top:0}
.cards{list-style:none;padding:0;margin:0}
.cards>li{background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:.75rem 1rem;margin:.6rem 0}
.cards h2,.cards h3{margin:0 0 .25rem;border:0;padding:0;font-size:1.05rem}
.meta{display:flex;flex-wrap:wrap;gap:.25rem 1rem;font-size:.875rem;color:#4a5360;margin:.25rem 0 0;padding:0;list-style:none}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0}
dl.facts dt{color:#4a5360}
dl.facts dd{margin:0}
.badge{display:inline-block;border:1px solid currentColor;border-radius:999px;padding:0 .6rem;font-size:.8rem;font-weight:600;line-height:1.6;white-space:nowrap;vertical-align:middle}
.st-compliant{background:#dff3e4;color:#0d5c26}
.st-noncompliant{background:#fde2e1;color:#8c1d18}
.st-in_progress{background:#fff1d6;color:#6b3f00}
.st-unknown{background:#eef0f3;color:#3d4652}
.sev-blocking{background:#8c1d18;color:#fff;border-color:#8c1d18}
.sev-major{background:#fde2e1;color:#8c1d18}
.sev-minor{background:#fff1d6;color:#6b3f00}
.sev-warning{background:#e6eef8;color:#1f3a5f}
.ob-done{background:#dff3e4;color:#0d5c26}
.ob-missing{background:#fde2e1;color:#8c1d18}
.ob-pending{background:#fff1d6;color:#6b3f00}
.ob-not_applicable{background:#eef0f3;color:#3d4652}
.mark-late{background:#fff1d6;color:#6b3f00}
.mark-corrected{background:#ece6f8;color:#4b2a8a}
.mark-new{background:#dff3e4;color:#0d5c26}
.flags{display:flex;flex-wrap:wrap;gap:.25rem;list-style:none;padding:0;margin:.25rem 0}
.flags li{background:#e6eef8;color:#1f3a5f;border-radius:4px;padding:0 .5rem;font-size:.8rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.75rem 0}
.button,button.primary,button.secondary{display:inline-block;min-height:44px;padding:.5rem 1rem;border-radius:6px;font:inherit;font-weight:600;cursor:pointer;text-decoration:none;border:2px solid #0a58a8}
.button,button.primary{background:#0a58a8;color:#fff}
.button:hover,button.primary:hover{background:#083f7a;color:#fff}
.button.secondary,button.secondary{background:#fff;color:#0a58a8}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #d0d5dc;border-radius:6px}
table{border-collapse:collapse;width:100%;font-size:.9rem}
caption{text-align:left;font-weight:600;padding:.5rem .75rem}
th,td{padding:.4rem .6rem;border-bottom:1px solid #e1e5ea;text-align:left;vertical-align:top}
thead th{background:#eef1f5;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
form.filters{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem 1rem;align-items:end;background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:.75rem 1rem}
label{display:block;font-weight:600;font-size:.9rem;margin:.1rem 0}
.field{margin:.75rem 0;max-width:44rem}
.field .hint{font-weight:400;color:#4a5360;font-size:.85rem}
input[type=text],input[type=search],input[type=date],input[type=datetime-local],input[type=number],input[type=password],select,textarea{display:block;width:100%;min-height:44px;padding:.4rem .5rem;font:inherit;color:#1b1f24;background:#fff;border:1px solid #68717d;border-radius:4px}
textarea{min-height:5.5rem}
input[type=checkbox]{width:1.25rem;height:1.25rem;vertical-align:middle;margin:0 .4rem 0 0}
.check{display:flex;align-items:center;font-weight:400;min-height:2rem}
fieldset{border:1px solid #c5ccd6;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0;max-width:44rem;background:#fff}
fieldset.wide{max-width:none}
legend{font-weight:700;padding:0 .25rem}
[aria-invalid=true]{border-color:#8c1d18;border-width:2px}
.error{color:#8c1d18;font-weight:600;font-size:.875rem;margin:.2rem 0}
.errors{border:2px solid #8c1d18;background:#fde2e1;color:#5f1410;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}
.notice{border:2px solid #0d5c26;background:#dff3e4;color:#0b4a1f;border-radius:6px;padding:.5rem 1rem;margin:.75rem 0}
.rows{display:grid;gap:.5rem}
.row{display:grid;grid-template-columns:2fr 5rem 8rem 3fr;gap:.5rem;align-items:end;border-top:1px solid #e1e5ea;padding-top:.5rem}
ol.timeline{list-style:none;padding:0;margin:0;border-left:3px solid #c5ccd6}
ol.timeline>li{position:relative;margin:0 0 .75rem .9rem;background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:.5rem .75rem}
ol.timeline>li::before{content:"";position:absolute;left:-1.45rem;top:.9rem;width:.7rem;height:.7rem;border-radius:50%;background:#0f3460;border:2px solid #fff}
ol.timeline>li:target{outline:3px solid #0b57d0}
ol.timeline>li.is-new{border:2px solid #0d5c26}
.ev-head{display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.ev-head strong{font-size:1rem}
details>summary{cursor:pointer;color:#0a58a8}
dl.payload{display:grid;grid-template-columns:minmax(6rem,max-content) 1fr;gap:.1rem .75rem;font-size:.85rem;margin:.25rem 0}
dl.payload dt{color:#4a5360}
dl.payload dd{margin:0;word-break:break-word}
.cards>li.finding{border-left:6px solid #8c1d18}
.cards>li.finding.sev-minor-b{border-left-color:#9a5b00}
.cards>li.finding.sev-warning-b{border-left-color:#1f3a5f}
.finding h3{margin:.1rem 0 .25rem}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,30rem),1fr));gap:1rem}
figure.chart{margin:.5rem 0;background:#fff;border:1px solid #d0d5dc;border-radius:6px;padding:.5rem}
figure.chart svg{width:100%;height:auto;display:block}
figure.chart.wide svg{max-width:760px}
.nowrap{white-space:nowrap;word-break:normal}
figure.chart figcaption{font-size:.85rem;color:#4a5360}
.counts{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:.5rem 0}
.counts a,.counts span{text-decoration:none}
footer.site{max-width:1160px;margin:2rem auto 1rem;padding:0 1rem;color:#4a5360;font-size:.8rem}
@media (max-width:640px){
  h1{font-size:1.25rem}
  .bar{padding:.5rem .75rem}
  main{padding:.75rem}
  dl.facts{grid-template-columns:1fr}
  dl.facts dd{margin-bottom:.35rem}
  .row{grid-template-columns:1fr 1fr}
  table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
  table.stack,table.stack tbody,table.stack caption{display:block;width:100%}
  table.stack td{overflow-wrap:anywhere}
  table.stack tr{display:block;border-bottom:2px solid #c5ccd6;padding:.25rem 0}
  table.stack td{display:block;position:relative;border:0;padding:.15rem .6rem .15rem 6.6rem;min-height:1.8rem}
  table.stack td[data-label]::before{content:attr(data-label);position:absolute;left:.6rem;width:5.6rem;font-size:.8rem;line-height:1.9;color:#4a5360;font-weight:600}
  table.stack td:empty{display:none}
  .table-wrap.stackable{overflow-x:visible}
}
@media print{header.site,nav,footer.site,.actions,form{display:none}body{background:#fff}}
`

/** Changes whenever the stylesheet does, so browsers may cache it for good. */
export const CSS_HREF = `/assets/web.css?v=${createHash('sha256').update(WEB_CSS).digest('hex').slice(0, 12)}`
