/** The stable `cpslint outline --format json` shape (1-based lines). */
import type { DocumentModel, Section } from './model';

export interface OutlineSectionJson {
  number: string | null;
  title: string;
  canonicalTitle: string | null;
  level: number;
  line: number;
  endLine: number;
  children: OutlineSectionJson[];
}

export interface OutlineJson {
  file: string;
  rfc3647: boolean;
  metadata: { title: string | null; version: string | null; date: string | null };
  sections: OutlineSectionJson[];
}

export function outlineJson(file: string, model: DocumentModel): OutlineJson {
  const conv = (s: Section): OutlineSectionJson => ({
    number: s.number,
    title: s.title,
    canonicalTitle: s.canonicalTitle,
    level: s.level,
    line: model.lines.positionAt(s.headingStart).line + 1,
    endLine: model.lines.positionAt(Math.max(s.end, s.headingEnd)).line + 1,
    children: s.children.map(conv),
  });
  return { file, rfc3647: model.rfc3647, metadata: { ...model.metadata }, sections: model.sections.map(conv) };
}
