/** The compliance review as a Markdown memo. */
import type { ChapterReview, Quote, Review, ReviewFinding } from './build';
import { CHAPTER_VERDICT_LABELS } from './build';
import { RECHECK_LABELS } from './past';

/** Where a line of the reviewed document is linked to; null for no link. */
export type LineLinker = (line: number) => string | null;

export function defaultLinker(file: string): LineLinker {
  const target = file.replace(/\\/g, '/').replace(/ /g, '%20');
  return (line) => `${target}#L${line}`;
}

const esc = (s: string) => s.replace(/([\\`*_[\]<>|])/g, '\\$1');

function lineLink(link: LineLinker, line: number, endLine?: number, text?: string): string {
  const label = text ?? (endLine && endLine !== line ? `lines ${line}–${endLine}` : `line ${line}`);
  const href = link(line);
  return href ? `[${label}](${href})` : label;
}

function quoteMd(q: Quote, link: LineLinker): string {
  const where = [q.section ? `§${q.section}` : null, lineLink(link, q.line, q.endLine)].filter(Boolean).join(', ');
  return `“${esc(q.text)}” (${where})`;
}

/** "§5.7.1 and its subsections; §5.7.1.2 is not in the document" */
export function searchedText(f: ReviewFinding): string {
  const nf = f.evidence.notFound!;
  const searched = nf.searched.map((s) => (s === 'front' ? 'the title block' : /^[\dA-Z.]+$/.test(s) ? `§${s}` : `"${s}"`));
  const absent = nf.absent.map((s) => `§${s}`);
  const parts: string[] = [];
  if (searched.length) parts.push(`${searched.join(', ')} and ${searched.length > 1 ? 'their' : 'its'} subsections`);
  if (absent.length) parts.push(`${absent.join(', ')} ${absent.length > 1 ? 'are' : 'is'} not in the document`);
  return parts.join('; ');
}

export function notFoundText(f: ReviewFinding): string {
  const where = searchedText(f);
  if (f.kind === 'partial') return `the missing part${/;.*;|; and /.test(f.message) ? 's are' : ' is'} not stated${where ? ` (searched ${where})` : ''}. What is stated:`;
  if (!where) return 'not in the document.';
  return `not found (searched ${where}).`;
}

function evidenceMd(f: ReviewFinding, link: LineLinker): string[] {
  const out: string[] = [];
  if (f.evidence.notFound) {
    out.push(`- **Evidence:** ${esc(notFoundText(f))}`);
    for (const q of f.evidence.quotes) out.push(`  - ${q.label ? `${esc(q.label)}: ` : ''}${quoteMd(q, link)}`);
  } else {
    for (const q of f.evidence.quotes) out.push(`- **Evidence:** ${q.label ? `${esc(q.label)}: ` : ''}${quoteMd(q, link)}`);
  }
  return out;
}

function findingMd(f: ReviewFinding, link: LineLinker, docsBase: string): string[] {
  const out = [`#### ${f.id} · ${f.severity} · ${esc(f.title)}`, ''];
  out.push(`- **Finding:** ${esc(f.message)} (${lineLink(link, f.line)})`);
  out.push(...evidenceMd(f, link));
  if (f.impact) out.push(`- **Impact:** ${esc(f.impact)}`);
  if (f.recommendation) out.push(`- **Recommendation:** ${esc(f.recommendation)}`);
  out.push(`- **Citation:** ${f.citation.label}${f.inForceFrom ? ` (in force from ${f.inForceFrom})` : ''} · check \`${f.code}\` ([documentation](${docsBase}${f.docs.replace(/^docs\/rules\.md/, '')}))`);
  out.push('');
  return out;
}

function chapterMd(c: ChapterReview, link: LineLinker, docsBase: string): string[] {
  const head = c.number === 'front' ? c.title : `${c.number}. ${c.title}`;
  const out = [`### ${esc(head)} — ${CHAPTER_VERDICT_LABELS[c.verdict]}`, ''];
  const counts = [
    c.findings.length ? `${c.findings.length} finding${c.findings.length === 1 ? '' : 's'}` : 'no findings',
    c.confirmations.length ? `${c.confirmations.length} confirmation${c.confirmations.length === 1 ? '' : 's'}` : null,
    c.upcoming.length ? `${c.upcoming.length} upcoming` : null,
  ].filter(Boolean);
  if (c.number !== 'front') out.push(c.present ? `Chapter heading at ${lineLink(link, c.line!)}; ${counts.join(', ')}.` : `**The chapter is not in the document.**`, '');
  else out.push(`${counts.join(', ')}.`, '');
  if (c.clauses.length) {
    out.push('<details><summary>Clauses checked in this chapter</summary>', '', '| Clause | Check | Result |', '|---|---|---|');
    for (const cl of c.clauses) {
      const result = cl.status === 'structure' ? 'see findings' : cl.status === 'pass' ? 'met' : cl.status === 'fail' ? 'finding' : cl.status === 'upcoming' ? 'not yet in force' : cl.status;
      out.push(`| ${cl.citation.label} | ${esc(cl.title)} (\`${cl.code}\`) | ${result} |`);
    }
    out.push('', '</details>', '');
  }
  for (const f of c.findings) out.push(...findingMd(f, link, docsBase));
  if (c.confirmations.length) {
    out.push('**Confirmed:**', '');
    for (const k of c.confirmations) {
      out.push(`- ${esc(k.title)} (${k.citation.label}): ${esc(k.statement)}`);
      for (const q of k.quotes) out.push(`  - ${q.label ? `${esc(q.label)}: ` : ''}${quoteMd(q, link)}`);
    }
    out.push('');
  }
  if (c.alsoChecked.length) {
    out.push('**Also checked, nothing to report:** ' + c.alsoChecked.map((a) => `${esc(a.title)} (${a.citation.label}: ${esc(a.note)})`).join('; ') + '.', '');
  }
  if (c.upcoming.length) {
    out.push('**Coming into force:**', '');
    for (const f of c.upcoming) out.push(`- ${f.id} ${esc(f.title)} (${f.citation.label}, from ${f.inForceFrom}): ${esc(f.message)} (${lineLink(link, f.line)})`);
    out.push('');
  }
  return out;
}

export interface RenderOptions {
  /** Link for a line of the reviewed document (default: FILE#Lnn). */
  link?: LineLinker;
  /** Base of the rule documentation links (default docs/rules.md). */
  docsBase?: string;
}

export function reviewToMarkdown(r: Review, opts: RenderOptions = {}): string {
  const link = opts.link ?? defaultLinker(r.document.file);
  const docsBase = opts.docsBase ?? 'docs/rules.md';
  const d = r.document;
  const out: string[] = [];
  out.push(`# Compliance review: ${esc(d.title ?? d.file)}`, '');
  out.push('| | |', '|---|---|');
  out.push(`| Document | \`${d.file}\`${d.version ? `, version ${esc(d.version)}` : ''}${d.date ? `, dated ${esc(d.date)}` : ''} (${d.lines} lines) |`);
  if (d.ca) out.push(`| CA | ${esc(d.ca)} |`);
  out.push(`| Reviewed as of | ${r.asOf} |`);
  out.push(`| Root programs | ${r.programs.join(', ') || 'none (Baseline Requirements only)'} |`);
  out.push(`| Checked against | ${r.references.map((x) => `${x.name} ${x.version === '(November 2003)' ? x.version : `v${x.version}`}`).join('; ')} |`);
  out.push(`| Method | cpslint ${r.tool.version}: ${r.counts.checksRun} automated checks, deterministic (see “Method” at the end) |`);
  if (r.overrides.length) out.push(`| Configuration | severity changed for ${r.overrides.map((o) => `\`${o.code}\` → ${o.severity}`).join(', ')} |`);
  out.push('');

  out.push('## Executive summary', '');
  out.push(`**Verdict: ${r.verdict.label}.** ${esc(r.verdict.reason)}`, '');
  const c = r.counts;
  out.push(
    `${c.errors} error${c.errors === 1 ? '' : 's'}, ${c.warnings} warning${c.warnings === 1 ? '' : 's'} and ${c.info} informational finding${c.info === 1 ? '' : 's'}. ` +
      `Of the commitment rules that apply, ${c.checksPassed} ${c.checksPassed === 1 ? 'is' : 'are'} met and ${c.checksFailed} ${c.checksFailed === 1 ? 'is' : 'are'} not; ` +
      `${c.upcoming} requirement${c.upcoming === 1 ? ' is' : 's are'} not yet in force on ${r.asOf}.` +
      (c.suppressedFindings ? ` **${c.suppressedFindings} finding${c.suppressedFindings === 1 ? ' is' : 's are'} silenced by cpslint-disable comments in the document** (listed at the end).` : ''),
    '',
  );
  out.push('| Chapter | Verdict | Findings |', '|---|---|---|');
  for (const ch of r.chapters) {
    const e = ch.findings.filter((f) => f.severity === 'error').length;
    const w = ch.findings.filter((f) => f.severity === 'warning').length;
    const i = ch.findings.filter((f) => f.severity === 'info').length;
    out.push(`| ${ch.number === 'front' ? 'Title block, document-wide' : `${ch.number}. ${esc(ch.title)}`} | ${CHAPTER_VERDICT_LABELS[ch.verdict]} | ${[e && `${e} error${e > 1 ? 's' : ''}`, w && `${w} warning${w > 1 ? 's' : ''}`, i && `${i} info`].filter(Boolean).join(', ') || '—'} |`);
  }
  out.push('');

  out.push('## High-priority findings', '');
  if (!r.highPriority.length) out.push('None: no finding is an error.', '');
  for (const id of r.highPriority) {
    const f = r.findings.find((x) => x.id === id)!;
    out.push(`1. **${f.id}** ${esc(f.title)} — ${esc(f.message)} (${lineLink(link, f.line)}; ${f.citation.label})`);
  }
  if (r.highPriority.length) out.push('');

  out.push('## Section-by-section review', '');
  for (const ch of r.chapters) out.push(...chapterMd(ch, link, docsBase));

  if (r.pastFindings) {
    out.push('## Past findings', '');
    if (!r.pastFindings.length) out.push('The past-findings file lists no findings.', '');
    else {
      out.push('| ID | Found | Earlier status | Check | Result | Explanation |', '|---|---|---|---|---|---|');
      for (const p of r.pastFindings) {
        const quotes = p.quotes.map((q) => lineLink(link, q.line)).join(', ');
        out.push(`| ${esc(p.past.id)} | ${p.past.date} | ${p.past.status} | ${p.check ? `\`${p.check}\`` : '—'} | **${RECHECK_LABELS[p.result]}** | ${esc(p.past.description)} — ${esc(p.explanation)}${quotes ? ` (${quotes})` : ''} |`);
      }
      out.push('');
    }
  }

  if (r.suppressed.length) {
    out.push('## Silenced findings', '', 'The document silences these checks with `cpslint-disable` comments; their findings are not in this review:', '');
    for (const s of r.suppressed) out.push(`- \`${s.code}\`: ${s.count} finding${s.count === 1 ? '' : 's'}`);
    out.push('');
  }
  if (r.notRun.length) {
    out.push('## Checks not run', '');
    for (const n of r.notRun) out.push(`- ${esc(n.title)} (\`${n.code}\`): ${esc(n.note || n.status)}`);
    out.push('');
  }
  out.push('## Method', '');
  for (const m of r.method) out.push(`- ${esc(m)}`);
  out.push('');
  return out.join('\n');
}
