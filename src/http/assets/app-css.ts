// The one stylesheet: mobile first (a 390 px phone), no framework. Served at /assets/app.css.
export const appCss = `
:root{--fg:#1f2328;--muted:#656d76;--line:#d0d7de;--bg:#f6f8fa;--card:#fff;--accent:#c0392b;--ok:#1a7f37;--warn:#9a6700;--bad:#cf222e;--radius:10px}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.5 -apple-system,BlinkMacSystemFont,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;color:var(--fg);background:var(--bg)}
a{color:#0969da;text-decoration:none}
a:hover{text-decoration:underline}
/* A link inside running text is underlined: colour alone does not set it apart (WCAG 1.4.1). */
p a:not(.button),.muted a,li>span a,.alert a:not(.button){text-decoration:underline}
/* Small action links are still 44 px touch targets (WCAG 2.5.8 asks 24). */
.acts a{display:inline-flex;align-items:center;min-height:44px;padding:0 .35rem}
header.top{display:flex;align-items:center;gap:.5rem;padding:.6rem 1rem;background:var(--card);border-bottom:1px solid var(--line);position:sticky;top:0;z-index:2}
header.top .brand{font-weight:700;color:var(--accent);font-size:1.1rem;margin-right:auto}
nav.main{display:flex;gap:.25rem;overflow-x:auto;padding:.4rem .5rem;background:var(--card);border-bottom:1px solid var(--line)}
nav.main a{padding:.35rem .7rem;border-radius:999px;color:var(--fg);white-space:nowrap}
nav.main a.on{background:var(--fg);color:#fff}
main{max-width:960px;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.2rem 0 1rem}
h2{font-size:1.1rem;margin:1.4rem 0 .6rem}
.card{background:var(--card);border:1px solid var(--line);border-radius:var(--radius);padding:1rem;margin-bottom:1rem}
.muted{color:var(--muted)}
.small{font-size:.875rem}
.row{display:flex;gap:.75rem;flex-wrap:wrap;align-items:center}
.grow{flex:1}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;padding:.45rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--muted);font-size:.875rem}
.table-wrap{overflow-x:auto}
label{display:block;font-weight:600;margin:.8rem 0 .3rem}
input,select,textarea{font:inherit;width:100%;padding:.65rem .7rem;border:1px solid var(--line);border-radius:8px;background:#fff;min-height:44px}
textarea{min-height:4.5rem}
input[type=checkbox],input[type=radio]{width:auto;min-height:0;margin-right:.4rem}
.check{display:flex;align-items:center;font-weight:400;margin:.5rem 0}
button,.button{display:inline-block;font:inherit;font-weight:600;padding:.7rem 1.1rem;border:0;border-radius:8px;background:var(--accent);color:#fff;cursor:pointer;min-height:44px;text-align:center}
button.secondary,.button.secondary{background:#fff;color:var(--fg);border:1px solid var(--line)}
button.danger{background:var(--bad)}
button.block,.button.block{width:100%}
.field-error{color:var(--bad);font-size:.875rem;margin-top:.25rem}
.invalid{border-color:var(--bad)}
.alert{padding:.75rem 1rem;border-radius:8px;margin-bottom:1rem;border:1px solid}
.alert.error{background:#ffebe9;border-color:#ffcecb;color:#82071e}
.alert.ok{background:#dafbe1;border-color:#aceebb;color:#116329}
.alert.warn{background:#fff8c5;border-color:#f5e0a0;color:#7d4e00}
.segmented{display:grid;grid-template-columns:repeat(4,1fr);gap:.35rem}
.segmented label{margin:0;font-weight:500}
.segmented input{position:absolute;opacity:0;width:1px;height:1px}
.segmented span{display:block;text-align:center;padding:.6rem .2rem;border:1px solid var(--line);border-radius:8px;background:#fff}
.segmented input:checked+span{background:var(--fg);color:#fff;border-color:var(--fg)}
.segmented input:focus-visible+span{outline:2px solid #0969da}
details{margin:.6rem 0}
summary{cursor:pointer;font-weight:600;padding:.4rem 0}
.bar{height:8px;background:#eaeef2;border-radius:4px;overflow:hidden;position:relative;min-width:80px}
.bar>i{display:block;height:100%;background:var(--ok)}
.bar>b{position:absolute;top:-2px;bottom:-2px;width:2px;background:var(--fg)}
.bar.behind>i{background:var(--warn)}
.bar.late>i{background:var(--bad)}
.pill{display:inline-block;padding:0 .5rem;border-radius:999px;font-size:.8rem;border:1px solid var(--line);background:#fff}
.pill.A{border-color:var(--accent);color:var(--accent)}
.pill.bad{border-color:var(--bad);color:var(--bad)}
.pill.ok{border-color:var(--ok);color:var(--ok)}
ul.plain{list-style:none;padding:0;margin:0}
ul.plain li{padding:.55rem 0;border-bottom:1px solid var(--line)}
.sticky-submit{position:sticky;bottom:0;background:var(--bg);padding:.6rem 0}
.draft{border-top:1px solid var(--line);padding-top:.5rem;margin-top:.5rem}
blockquote.greeting{margin:.3rem 0;padding:.6rem .75rem;background:#f0f5ff;border-left:3px solid #0969da;border-radius:0 6px 6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
fieldset.bare{border:0;padding:0;margin:.8rem 0 0}
.label{display:block;font-weight:600;margin:.8rem 0 .3rem}
.store-pick a.pick{display:block;padding:.35rem 0;color:var(--fg)}
.intel-item{border-top:1px dashed var(--line);padding-top:.2rem;margin-top:.6rem}
.intel-item fieldset label,.intel-item legend+div label{font-weight:500;font-size:.9rem}
code.token{display:block;word-break:break-all;background:#fff;padding:.4rem;border-radius:6px;margin-top:.4rem;user-select:all}
pre.mail-text{white-space:pre-wrap;word-break:break-word;font:inherit}
.narrow{max-width:420px;margin:2rem auto}
/* admin */
nav.sub{display:flex;gap:.25rem;overflow-x:auto;margin:0 0 1rem;padding-bottom:.2rem}
nav.sub a{padding:.3rem .65rem;border-radius:8px;border:1px solid var(--line);background:var(--card);color:var(--fg);white-space:nowrap;font-size:.9rem}
nav.sub a.on{border-color:var(--fg);font-weight:600}
input.num{min-width:4.5rem;max-width:7rem}
fieldset.days,fieldset.group{border:1px solid var(--line);border-radius:8px;margin:.8rem 0;padding:.2rem .8rem}
fieldset.days.invalid,fieldset.group.invalid{border-color:var(--bad)}
fieldset.days,fieldset.group{display:flex;flex-wrap:wrap;gap:0 1rem}
fieldset.days legend,fieldset.group legend{font-weight:600}
fieldset.group .field-error{flex-basis:100%}
.card>h2:first-child{margin-top:0}
pre.csv{overflow-x:auto;background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:.6rem;font-size:.8rem}
textarea.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.85rem}
@media (min-width:720px){.cols{display:grid;grid-template-columns:1fr 1fr;gap:1rem}}
svg.meter{display:block;width:100%;min-width:64px;height:10px;margin:.2rem 0}
svg.meter .track{fill:#eaeef2}
svg.meter .fill{fill:var(--ok)}
svg.meter.behind .fill{fill:var(--warn)}
svg.meter.late .fill{fill:var(--bad)}
svg.meter.late .track{fill:#ffebe9}
svg.meter .mark{fill:var(--fg)}
.kpis{display:grid;grid-template-columns:repeat(3,minmax(0,1fr));gap:.75rem}
.kpi b{display:block;font-size:1.2rem}
ul.tasks li{display:flex;gap:.6rem;align-items:center}
h2.flush,h3.flush{margin-top:0}
.small.bad,li.late b{color:var(--bad)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
/* stores, contacts */
.strong{font-weight:600}
.pre{white-space:pre-wrap;overflow-wrap:anywhere}
.pace-line{display:flex;gap:.8rem;flex-wrap:wrap}
.bad-text{color:var(--bad);font-weight:600}
.ok-text{color:var(--ok)}
.actions{margin-top:.7rem}
span.block{display:block}
progress.pace{display:block;width:100%;max-width:160px;height:8px}
dl.facts{display:grid;grid-template-columns:auto 1fr;gap:.35rem .9rem;margin:0}
dl.facts dt{color:var(--muted);font-size:.875rem;padding-top:.1rem}
dl.facts dd{margin:0;overflow-wrap:anywhere}
form.inline{display:inline}
button.small-button{min-height:0;padding:.25rem .7rem;font-size:.875rem}
.cols3{display:grid;grid-template-columns:1.3fr 1fr 1fr;gap:.5rem}
h3.small{margin:.6rem 0 .3rem}
/* the digest as a page (mail-doc.tsx) */
.tone-bad{color:var(--bad)}
.tone-good{color:var(--ok)}
.md-intro{margin:-.6rem 0 1rem}
.md-p{margin:0 0 .4rem}
h3.md-sub{font-size:1rem;margin:1rem 0 .2rem}
.md-title{font-weight:600;overflow-wrap:anywhere}
.md-title .pill{font-weight:700;vertical-align:1px}
.md-quote{margin:.5rem 0 .2rem;padding:.6rem .75rem;background:#f0f5ff;border-left:3px solid #0969da;border-radius:0 6px 6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
.md-links{display:flex;flex-wrap:wrap;gap:.4rem;margin-top:.5rem}
.md-more{display:inline-block;padding:.6rem 0;min-height:44px}
.md-stats{margin-bottom:.6rem}
.queue summary{cursor:pointer}
.queue .badge{display:inline-block;padding:.15rem .6rem;border-radius:999px;background:var(--warn);color:#fff;font-weight:600}
.queue li{padding:.5rem 0;border-bottom:1px solid var(--line)}
.state-refused{border-color:var(--bad);color:var(--bad)}
.state-queued,.state-signin{border-color:var(--warn);color:var(--warn)}
`;
