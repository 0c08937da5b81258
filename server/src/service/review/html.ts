/**
 * The compliance review as one self-contained HTML page: no scripts, no external assets,
 * readable on screen, in a VS Code webview (theme colours) and printed.
 */
import type { ChapterReview, Quote, Review, ReviewFinding } from './build';
import { CHAPTER_VERDICT_LABELS } from './build';
import { RECHECK_LABELS } from './past';
import { defaultLinker, notFoundText, type LineLinker } from './markdown';

export interface HtmlOptions {
  link?: LineLinker;
  docsBase?: string;
  /** Content-Security-Policy meta tag content; default: no scripts, inline styles only. */
  csp?: string;
}

const h = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function a(href: string | null, text: string): string {
  return href ? `<a href="${h(href)}">${h(text)}</a>` : h(text);
}

function lineLink(link: LineLinker, line: number, endLine?: number): string {
  return a(link(line), endLine && endLine !== line ? `lines ${line}–${endLine}` : `line ${line}`);
}

function quote(q: Quote, link: LineLinker): string {
  const where = [q.section ? `§${h(q.section)}` : '', lineLink(link, q.line, q.endLine)].filter(Boolean).join(', ');
  return `<q>${h(q.text)}</q> <span class="where">(${where})</span>`;
}

const SEV_CLASS: Record<string, string> = { error: 'sev-error', warning: 'sev-warning', info: 'sev-info' };

function finding(f: ReviewFinding, link: LineLinker, docsBase: string): string {
  const ev: string[] = [];
  if (f.evidence.notFound) {
    ev.push(`<p>${h(notFoundText(f))}</p>`);
    if (f.evidence.quotes.length) ev.push(`<ul>${f.evidence.quotes.map((q) => `<li>${q.label ? `${h(q.label)}: ` : ''}${quote(q, link)}</li>`).join('')}</ul>`);
  } else ev.push(...f.evidence.quotes.map((q) => `<p>${q.label ? `${h(q.label)}: ` : ''}${quote(q, link)}</p>`));
  return `<article class="finding ${SEV_CLASS[f.severity]}" id="${h(f.id)}">
<h4><span class="fid">${h(f.id)}</span> <span class="badge ${SEV_CLASS[f.severity]}">${h(f.severity)}</span> ${h(f.title)}</h4>
<dl>
<dt>Finding</dt><dd>${h(f.message)} (${lineLink(link, f.line)})</dd>
<dt>Evidence</dt><dd>${ev.join('\n')}</dd>
${f.impact ? `<dt>Impact</dt><dd>${h(f.impact)}</dd>` : ''}
${f.recommendation ? `<dt>Recommendation</dt><dd>${h(f.recommendation)}</dd>` : ''}
<dt>Citation</dt><dd>${h(f.citation.label)}${f.inForceFrom ? ` (in force from ${h(f.inForceFrom)})` : ''} · check <code>${h(f.code)}</code> (${a(docsBase + f.docs.replace(/^docs\/rules\.md/, ''), 'documentation')})</dd>
</dl>
</article>`;
}

function chapter(c: ChapterReview, link: LineLinker, docsBase: string): string {
  const head = c.number === 'front' ? c.title : `${c.number}. ${c.title}`;
  const parts: string[] = [];
  parts.push(`<section class="chapter" id="chapter-${h(c.number)}"><h3>${h(head)} <span class="verdict v-${c.verdict}">${CHAPTER_VERDICT_LABELS[c.verdict]}</span></h3>`);
  if (c.number !== 'front') parts.push(c.present ? `<p class="meta">Chapter heading at ${lineLink(link, c.line!)}.</p>` : '<p class="meta"><b>The chapter is not in the document.</b></p>');
  if (c.clauses.length) {
    parts.push('<table class="clauses"><thead><tr><th>Clause</th><th>Check</th><th>Result</th></tr></thead><tbody>');
    for (const cl of c.clauses) {
      const result = cl.status === 'structure' ? 'see findings' : cl.status === 'pass' ? 'met' : cl.status === 'fail' ? 'finding' : cl.status === 'upcoming' ? 'not yet in force' : cl.status;
      parts.push(`<tr><td>${h(cl.citation.label)}</td><td>${h(cl.title)} <code>${h(cl.code)}</code></td><td class="r-${h(String(cl.status))}">${h(result)}</td></tr>`);
    }
    parts.push('</tbody></table>');
  }
  for (const f of c.findings) parts.push(finding(f, link, docsBase));
  if (c.confirmations.length) {
    parts.push('<h4 class="sub">Confirmed</h4><ul class="confirmations">');
    for (const k of c.confirmations) {
      parts.push(`<li><b>${h(k.title)}</b> (${h(k.citation.label)}): ${h(k.statement)}<ul>${k.quotes.map((q) => `<li>${q.label ? `${h(q.label)}: ` : ''}${quote(q, link)}</li>`).join('')}</ul></li>`);
    }
    parts.push('</ul>');
  }
  if (c.alsoChecked.length) parts.push(`<p class="also"><b>Also checked, nothing to report:</b> ${c.alsoChecked.map((x) => `${h(x.title)} (${h(x.citation.label)}: ${h(x.note)})`).join('; ')}.</p>`);
  if (c.upcoming.length) {
    parts.push('<h4 class="sub">Coming into force</h4><ul>');
    for (const f of c.upcoming) parts.push(`<li id="${h(f.id)}">${h(f.id)} ${h(f.title)} (${h(f.citation.label)}, from ${h(f.inForceFrom ?? '')}): ${h(f.message)} (${lineLink(link, f.line)})</li>`);
    parts.push('</ul>');
  }
  parts.push('</section>');
  return parts.join('\n');
}

const CSS = `
:root{--fg:var(--vscode-editor-foreground,#1f2328);--bg:var(--vscode-editor-background,#fff);--muted:var(--vscode-descriptionForeground,#59636e);--line:var(--vscode-panel-border,#d1d9e0);--link:var(--vscode-textLink-foreground,#0969da);--err:#c62828;--warn:#b26a00;--info:#1565c0;--ok:#2e7d32}
body{font:14px/1.5 var(--vscode-font-family,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif);color:var(--fg);background:var(--bg);max-width:60rem;margin:0 auto;padding:1.5rem}
h1{font-size:1.6rem;margin:0 0 .75rem}h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{font-size:1.1rem;margin-top:1.6rem}h4{font-size:1rem;margin:.2rem 0}
a{color:var(--link)}table{border-collapse:collapse;margin:.5rem 0;width:100%}th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top}
.meta,.where,.also{color:var(--muted)}code{font-size:.9em}q{font-style:italic}
.verdict{font-size:.8rem;border-radius:1rem;padding:.05rem .6rem;margin-left:.4rem;border:1px solid currentColor;white-space:nowrap}
.v-no-issues{color:var(--ok)}.v-minor-issues{color:var(--warn)}.v-gaps,.v-missing{color:var(--err)}.v-not-assessed{color:var(--muted)}
.overall{font-size:1.15rem;padding:.6rem .9rem;border-left:.35rem solid var(--muted);background:rgba(127,127,127,.08)}
.overall.compliant{border-color:var(--ok)}.overall.mostly-compliant{border-color:var(--info)}.overall.partially-compliant{border-color:var(--warn)}.overall.non-compliant{border-color:var(--err)}
.finding{border:1px solid var(--line);border-left:.3rem solid var(--muted);border-radius:.3rem;padding:.5rem .8rem;margin:.8rem 0;break-inside:avoid}
.finding.sev-error{border-left-color:var(--err)}.finding.sev-warning{border-left-color:var(--warn)}.finding.sev-info{border-left-color:var(--info)}
.badge{font-size:.75rem;text-transform:uppercase;border-radius:.2rem;padding:0 .3rem;color:#fff}.badge.sev-error{background:var(--err)}.badge.sev-warning{background:var(--warn)}.badge.sev-info{background:var(--info)}
.fid{font-family:monospace}dl{margin:.3rem 0;display:grid;grid-template-columns:9rem 1fr;gap:.2rem .6rem}dt{font-weight:600}dd{margin:0}dd p{margin:0 0 .2rem}
.clauses{font-size:.85rem}.r-pass{color:var(--ok)}.r-fail{color:var(--err)}
@media print{body{max-width:none;padding:0;font-size:11pt}a{color:inherit;text-decoration:none}h2{break-after:avoid}.chapter{break-before:auto}.finding{border-left-width:2pt}}
`;

export function reviewToHtml(r: Review, opts: HtmlOptions = {}): string {
  const link = opts.link ?? defaultLinker(r.document.file);
  const docsBase = opts.docsBase ?? 'docs/rules.md';
  const d = r.document;
  const csp = opts.csp ?? "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
  const c = r.counts;
  const body: string[] = [];
  body.push(`<h1>Compliance review: ${h(d.title ?? d.file)}</h1>`);
  body.push('<table class="scope"><tbody>');
  body.push(`<tr><th>Document</th><td><code>${h(d.file)}</code>${d.version ? `, version ${h(d.version)}` : ''}${d.date ? `, dated ${h(d.date)}` : ''} (${d.lines} lines)</td></tr>`);
  if (d.ca) body.push(`<tr><th>CA</th><td>${h(d.ca)}</td></tr>`);
  body.push(`<tr><th>Reviewed as of</th><td>${h(r.asOf)}</td></tr>`);
  body.push(`<tr><th>Root programs</th><td>${h(r.programs.join(', ') || 'none (Baseline Requirements only)')}</td></tr>`);
  body.push(`<tr><th>Checked against</th><td>${r.references.map((x) => h(`${x.name} ${x.version === '(November 2003)' ? x.version : `v${x.version}`}`)).join('<br>')}</td></tr>`);
  body.push(`<tr><th>Method</th><td>cpslint ${h(r.tool.version)}: ${c.checksRun} automated checks, deterministic (see <a href="#method">Method</a>)</td></tr>`);
  if (r.overrides.length) body.push(`<tr><th>Configuration</th><td>severity changed for ${r.overrides.map((o) => `<code>${h(o.code)}</code> → ${h(o.severity)}`).join(', ')}</td></tr>`);
  body.push('</tbody></table>');

  body.push('<h2>Executive summary</h2>');
  body.push(`<p class="overall ${r.verdict.value}"><b>Verdict: ${h(r.verdict.label)}.</b> ${h(r.verdict.reason)}</p>`);
  body.push(
    `<p>${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'} and ${c.info} informational finding${c.info === 1 ? '' : 's'}. Of the commitment rules that apply, ${c.checksPassed} ${c.checksPassed === 1 ? 'is' : 'are'} met and ${c.checksFailed} ${c.checksFailed === 1 ? 'is' : 'are'} not; ${c.upcoming} requirement${c.upcoming === 1 ? ' is' : 's are'} not yet in force on ${h(r.asOf)}.${c.suppressedFindings ? ` <b>${c.suppressedFindings} finding${c.suppressedFindings === 1 ? ' is' : 's are'} silenced by cpslint-disable comments in the document</b> (listed at the end).` : ''}</p>`,
  );
  body.push('<table><thead><tr><th>Chapter</th><th>Verdict</th><th>Findings</th></tr></thead><tbody>');
  for (const ch of r.chapters) {
    const e = ch.findings.filter((f) => f.severity === 'error').length;
    const w = ch.findings.filter((f) => f.severity === 'warning').length;
    const i = ch.findings.filter((f) => f.severity === 'info').length;
    body.push(`<tr><td><a href="#chapter-${h(ch.number)}">${h(ch.number === 'front' ? 'Title block, document-wide' : `${ch.number}. ${ch.title}`)}</a></td><td class="v-${ch.verdict}">${CHAPTER_VERDICT_LABELS[ch.verdict]}</td><td>${[e && `${e} error${e > 1 ? 's' : ''}`, w && `${w} warning${w > 1 ? 's' : ''}`, i && `${i} info`].filter(Boolean).join(', ') || '—'}</td></tr>`);
  }
  body.push('</tbody></table>');

  body.push('<h2>High-priority findings</h2>');
  if (!r.highPriority.length) body.push('<p>None: no finding is an error.</p>');
  else {
    body.push('<ol>');
    for (const id of r.highPriority) {
      const f = r.findings.find((x) => x.id === id)!;
      body.push(`<li><a href="#${h(f.id)}">${h(f.id)}</a> <b>${h(f.title)}</b> — ${h(f.message)} (${lineLink(link, f.line)}; ${h(f.citation.label)})</li>`);
    }
    body.push('</ol>');
  }

  body.push('<h2>Section-by-section review</h2>');
  for (const ch of r.chapters) body.push(chapter(ch, link, docsBase));

  if (r.pastFindings) {
    body.push('<h2>Past findings</h2>');
    if (!r.pastFindings.length) body.push('<p>The past-findings file lists no findings.</p>');
    else {
      body.push('<table><thead><tr><th>ID</th><th>Found</th><th>Earlier status</th><th>Check</th><th>Result</th><th>Explanation</th></tr></thead><tbody>');
      for (const p of r.pastFindings) {
        const refs = [...p.findings.map((id) => `<a href="#${h(id)}">${h(id)}</a>`), ...p.quotes.map((q) => lineLink(link, q.line))].join(', ');
        body.push(`<tr><td>${h(p.past.id)}</td><td>${h(p.past.date)}</td><td>${h(p.past.status)}</td><td>${p.check ? `<code>${h(p.check)}</code>` : '—'}</td><td><b>${RECHECK_LABELS[p.result]}</b></td><td>${h(p.past.description)} — ${h(p.explanation)}${refs ? ` (${refs})` : ''}</td></tr>`);
      }
      body.push('</tbody></table>');
    }
  }
  if (r.suppressed.length) {
    body.push('<h2>Silenced findings</h2><p>The document silences these checks with <code>cpslint-disable</code> comments; their findings are not in this review:</p><ul>');
    for (const s of r.suppressed) body.push(`<li><code>${h(s.code)}</code>: ${s.count} finding${s.count === 1 ? '' : 's'}</li>`);
    body.push('</ul>');
  }
  if (r.notRun.length) {
    body.push('<h2>Checks not run</h2><ul>');
    for (const n of r.notRun) body.push(`<li>${h(n.title)} (<code>${h(n.code)}</code>): ${h(n.note || n.status)}</li>`);
    body.push('</ul>');
  }
  body.push('<h2 id="method">Method</h2><ul>');
  for (const m of r.method) body.push(`<li>${h(m)}</li>`);
  body.push('</ul>');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="cpslint ${h(r.tool.version)}">
<title>Compliance review: ${h(d.title ?? d.file)}</title>
<style>${CSS}</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`;
}
