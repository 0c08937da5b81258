/**
 * Carrying rule results from one version of a document to the next (the language server checks a
 * new version on every keystroke). A commitment rule's result is a function of the rule, the check
 * options, the document's outline (sections: numbers, titles, headings, nesting), what the document
 * was read as (kinds, English), and the units of the sections the rule read (pipeline/units,
 * extract.ts records them in `unitReads`). When the new version has the same outline and none of the
 * sections a rule read changed, the rule's findings are those of the last version with their offsets
 * moved past the edit; every other rule is evaluated again. A rule that searched every unit of the
 * document (the "elsewhere" search, contradictions anywhere) records a probe of each such search,
 * and is carried when no section the edit changed could take part in any of them; a rule that read
 * every unit without a probe is always evaluated again. Document-wide conditions (anywhere.ts) are
 * asked again and must give the same answers.
 *
 * The identity property (test/unit/incremental.property.test.ts) checks that a sequence of edits
 * checked this way gives the diagnostics of checking the final text from scratch.
 */
import { changedSpan, type DocumentModel, type Section } from '../../model';
import type { Rule } from '../types';
import { lineageOf, type Lineage } from '../../lineage';
import { unitReads, FRONT_READ, titleSections, type DocumentProbe } from '../extract';
import type { Context, Raw } from './context';
import { anywhere, asked, type Query } from './anywhere';

/** A finding as stored: sections by index, so that nothing holds on to an old model. */
interface StoredRaw extends Omit<Raw, 'anchors' | 'home'> {
  anchors: number[];
  home: number;
}

interface Entry {
  raws: StoredRaw[];
  reads: number[];
  english: boolean | undefined;
  /** Document-wide conditions the rule asked, with their answers (pipeline/anywhere.ts). */
  asked: { q: Query; value: boolean }[];
  /** The rule's searches of every unit of the document (extract.ts DocumentProbe). */
  probes: DocumentProbe[];
}

interface Carried {
  key: string;
  /** The version (what the probes of its searches are asked of; the server holds it anyway until the next one). */
  model: DocumentModel;
  text: string;
  outline: string[];
  /** Per section: start and end of its blocks, and their count; then the same for the title block (preamble). */
  spans: number[];
  results: Map<Rule, Entry>;
}

const carried = new WeakMap<Lineage, Carried>();

function sectionSig(model: DocumentModel, s: Section): string {
  const line = model.text.slice(s.headingStart, model.lines.lineEnd(model.lines.positionAt(s.headingStart).line));
  return [
    s.number, s.numberAsWritten, s.title, s.canonicalTitle, s.level, s.headingDepth, s.kind, s.scoped, s.appendix,
    s.parent?.index ?? -1, s.children.length, s.anchors.join(' '), line,
    s.headingEnd - s.headingStart, s.numberStart - s.headingStart, s.numberEnd - s.headingStart, s.bodyStart - s.headingStart,
  ].join('\u0001');
}

function blockSpan(blocks: { position?: { start: { offset?: number }; end: { offset?: number } } }[], at: number): [number, number, number] {
  if (!blocks.length) return [at, at, 0];
  return [blocks[0].position?.start.offset ?? at, blocks[blocks.length - 1].position?.end.offset ?? at, blocks.length];
}

function spansOf(model: DocumentModel): number[] {
  const out: number[] = [];
  for (const s of model.all) out.push(...blockSpan(s.blocks, s.bodyStart));
  out.push(...blockSpan(model.preamble, 0));
  return out;
}

export class Carry {
  private readonly prev: Carried | undefined;
  private readonly next: Carried;
  /** The edit between the last version and this one: [from, oldTo) became [from, oldTo + delta). */
  private from = 0;
  private oldTo = 0;
  private delta = 0;
  /** Section indexes (FRONT_READ for the title block) whose units may differ from the last version's. */
  private changed = new Set<number>();

  constructor(
    private readonly model: DocumentModel,
    private readonly ctx: Context,
  ) {
    const o = ctx.options;
    const fm = model.frontMatter;
    const key = JSON.stringify([
      o.asOf, o.programs, [...ctx.kinds].sort(), ctx.kindsFrom, model.rfc3647, model.englishTitles, model.metadata,
      fm ? model.text.slice(fm.start, fm.end) : null, model.definitionPrelude?.text ?? '', model.parseError ?? null,
    ]);
    this.next = { key, model, text: model.text, outline: model.all.map((s) => sectionSig(model, s)), spans: spansOf(model), results: new Map() };
    const prev = carried.get(lineageOf(model));
    if (prev && prev.key === key && prev.outline.length === this.next.outline.length && prev.outline.every((x, i) => x === this.next.outline[i])) {
      this.prev = prev;
      this.diff(prev);
    }
  }

  private diff(prev: Carried): void {
    const a = prev.text;
    const b = this.model.text;
    const { p, s: q } = changedSpan(a, b);
    this.from = p;
    this.oldTo = a.length - q;
    this.delta = b.length - a.length;
    const sections = this.model.all.length;
    for (let i = 0; i <= sections; i++) {
      const [s0, e0, c0] = prev.spans.slice(3 * i, 3 * i + 3);
      const [s1, e1, c1] = this.next.spans.slice(3 * i, 3 * i + 3);
      // Touching the edit (inclusive), or not the same blocks moved by the edit: changed.
      const touches = c0 > 0 && s0 <= this.oldTo && e0 >= this.from;
      const same = c0 === c1 && e0 - s0 === e1 - s1 && this.move(s0) === s1;
      if (touches || !same) this.changed.add(i === sections ? FRONT_READ : i);
    }
  }

  /** An offset of the last version in this one, or null inside the edit. */
  private move(x: number): number | null {
    if (x < this.from) return x;
    if (x >= this.oldTo) return x + this.delta;
    return null;
  }

  /** The rule's findings: carried from the last version when nothing it read changed, else `evaluate()`. */
  evaluate(rule: Rule, evaluate: () => Raw[]): Raw[] {
    const hit = this.prev?.results.get(rule);
    if (hit) {
      const raws = this.reuse(hit);
      if (raws) {
        this.next.results.set(rule, { ...hit, raws: raws.map((r) => this.store(r)) });
        carryStats.carried++;
        if (hit.probes.length) carryStats.probed++;
        return raws;
      }
    }
    const reads = new Set<number>();
    unitReads.sections = reads;
    unitReads.all = false;
    this.ctx.englishRead = false;
    const questions: Entry['asked'] = [];
    asked.list = questions;
    const probes: DocumentProbe[] = [];
    unitReads.probes = probes;
    let raws: Raw[];
    try {
      raws = evaluate();
    } finally {
      unitReads.sections = null;
      unitReads.probes = null;
      asked.list = null;
    }
    carryStats.evaluated++;
    if (unitReads.all) carryStats.readAll++;
    if (!unitReads.all) this.next.results.set(rule, { raws: raws.map((r) => this.store(r)), reads: [...reads], english: this.ctx.englishRead ? this.ctx.english : undefined, asked: questions, probes });
    unitReads.all = false;
    return raws;
  }

  private reuse(e: Entry): Raw[] | null {
    if (e.reads.some((i) => this.changed.has(i))) return null;
    if (e.english !== undefined && e.english !== this.ctx.english) return null;
    if (e.asked.some((a) => anywhere(this.model, a.q) !== a.value)) return null;
    // A search of the whole document gives the same answer (moved by the edit) when no section the
    // edit changed could take part in it, in the last version or in this one.
    if (e.probes.length && !this.unaffected(e.probes)) return null;
    const all = this.model.all;
    const out: Raw[] = [];
    for (const r of e.raws) {
      const start = this.move(r.start);
      const end = this.move(r.end);
      if (start === null || end === null) return null;
      let related: Raw['related'];
      if (r.related) {
        related = [];
        for (const x of r.related) {
          const s = this.move(x.start);
          const t = this.move(x.end);
          if (s === null || t === null) return null;
          related.push({ ...x, start: s, end: t });
        }
      }
      out.push({ ...r, start, end, related, anchors: r.anchors.map((i) => all[i]), home: r.home < 0 ? null : all[r.home] });
    }
    return out;
  }

  private unaffected(probes: DocumentProbe[]): boolean {
    const old = this.prev!.model;
    for (const i of this.changed) {
      // The title block's units are read as one (frontUnits): never probed.
      if (i === FRONT_READ) return false;
      const a = old.all[i];
      const b = this.model.all[i];
      if (!a || !b || titleSections(old).includes(a) || titleSections(this.model).includes(b)) return false;
      for (const probe of probes) if (probe(old, a) || probe(this.model, b)) return false;
    }
    return true;
  }

  private store(r: Raw): StoredRaw {
    return { ...r, related: r.related?.map((x) => ({ ...x })), anchors: r.anchors.map((s) => s.index), home: r.home ? r.home.index : -1 };
  }

  /** Keep this version's results for the next one. */
  commit(): void {
    carried.set(lineageOf(this.model), this.next);
  }
}

/**
 * Counts for the benchmarks: rules carried (`probed`: of them, rules that had searched the whole
 * document), rules evaluated again, and of those the ones that read every unit without a probe.
 */
export const carryStats = { carried: 0, probed: 0, evaluated: 0, readAll: 0 };
