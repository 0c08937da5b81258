/** Hostile inputs shared by test/hostile and bench/perf.bench.ts: a YAML alias bomb and rule packs with chosen patterns. */

/** Nine-fold aliases seven levels deep: about 4.8 million nodes if expanded. */
export const YAML_BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
].join('\n');

/** A rule pack "house" of forbidden-wording rules for §4.9, one per entry, each with one pattern. */
export function housePack(rules: { id: string; title: string; pattern: string }[]): string {
  const lines = ['pack: house', 'title: House rules', 'rules:'];
  for (const r of rules) {
    lines.push(
      `  - id: ${r.id}`,
      `    title: ${r.title}`,
      '    source: { document: BR, version: "2.2.6", section: "4.9" }',
      '    programs: [all]',
      '    kinds: [CP, CPS, CP/CPS]',
      '    effective: 2020-01-01',
      '    sections: ["4.9"]',
      '    elsewhere: none',
      '    severity: warning',
      `    message: ${r.title}.`,
      '    rationale: Test.',
      '    check:',
      '      type: forbidden',
      '      patterns:',
      `        - id: ${r.id}-pattern`,
      `          label: ${r.id}`,
      `          any: ['${r.pattern}']`,
      `          stages: [{ severity: warning, note: ${r.id} }]`,
    );
  }
  return lines.join('\n') + '\n';
}
