/**
 * `<!-- cpslint-disable … -->` comments (per section, with its subsections) and
 * `<!-- cpslint-disable-file … -->`, and the quick fixes that insert them.
 */
import type { DocumentModel, Section } from './model';
import { visitAsParsed } from './model';
import type { Fix } from './findings';
import { blockInsert, eolOf } from './edits';


export interface Suppressions {
  /** Rule ids disabled for the file; '*' = all. */
  file: Set<string>;
  /** Per section (including its subsections): rule ids; '*' = all. */
  sections: { section: Section; ids: Set<string> }[];
}

const DISABLE = /<!--\s*cpslint-disable(-file)?(?![\w-])([^]*?)-->/g;

const byModel = new WeakMap<DocumentModel, Suppressions>();

/** The document's suppression comments (once per model: the structural checks and the rules both ask). */
export function suppressions(model: DocumentModel): Suppressions {
  let hit = byModel.get(model);
  if (!hit) byModel.set(model, (hit = readSuppressions(model)));
  return hit;
}

function readSuppressions(model: DocumentModel): Suppressions {
  const out: Suppressions = { file: new Set(), sections: [] };
  // Most documents have none: the tree is walked for code spans only when a comment is there.
  if (!model.text.includes('cpslint-disable')) return out;
  const code: [number, number][] = [];
  visitAsParsed(model.root, (n, delta) => {
    if ((n.type === 'code' || n.type === 'inlineCode') && n.position) code.push([n.position.start.offset! + delta, n.position.end.offset! + delta]);
  });
  DISABLE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DISABLE.exec(model.text))) {
    const at = m.index;
    if (code.some(([s, e]) => s <= at && at < e)) continue;
    const ids = m[2]
      .split(/[\s,]+/)
      .map((x) => x.trim())
      .filter((x) => x && x !== '--');
    const set = new Set(ids.length ? ids : ['*']);
    if (m[1]) {
      for (const id of set) out.file.add(id);
      continue;
    }
    let owner: Section | null = null;
    for (const s of model.all) {
      if (s.headingStart <= at) owner = s;
      else break;
    }
    // Before the first heading, a section comment covers the whole file (as for structural checks).
    if (owner) out.sections.push({ section: owner, ids: set });
    else for (const id of set) out.file.add(id);
  }
  return out;
}

export function isSuppressed(sup: Suppressions, model: DocumentModel, ruleId: string, offset: number): boolean {
  if (sup.file.has('*') || sup.file.has(ruleId)) return true;
  for (const { section, ids } of sup.sections) {
    if (!(ids.has('*') || ids.has(ruleId))) continue;
    if (section.headingStart <= offset && offset <= Math.max(section.end, section.headingEnd)) return true;
  }
  return false;
}

export function suppressSectionFix(model: DocumentModel, ruleId: string, s: Section): Fix {
  const pos = model.lines.lineEnd(model.lines.positionAt(s.headingEnd).line);
  return {
    title: `Suppress ${ruleId} for this section`,
    edits: [{ range: model.lines.range(pos, pos), newText: blockInsert(model, pos, `<!-- cpslint-disable ${ruleId} -->`) }],
    kind: 'suppress',
  };
}

export function suppressFileFix(model: DocumentModel, ruleId: string): Fix {
  const fm = model.frontMatter;
  const comment = `<!-- cpslint-disable-file ${ruleId} -->`;
  if (fm) {
    const pos = fm.end;
    return { title: `Suppress ${ruleId} for this file`, edits: [{ range: model.lines.range(pos, pos), newText: blockInsert(model, pos, comment) }], kind: 'suppress' };
  }
  const eol = eolOf(model.text);
  return { title: `Suppress ${ruleId} for this file`, edits: [{ range: model.lines.range(0, 0), newText: comment + eol + eol }], kind: 'suppress' };
}

