declare module '*.yaml' {
  const text: string;
  export default text;
}
declare module '*.yaml?data' {
  /** The YAML file parsed at build time (scripts/build.mjs). */
  const data: unknown;
  export default data;
}
declare module 'cpslint:builtin-rules' {
  /** Every YAML file under rules/ (except the outline), embedded at build time. */
  const files: { file: string; text: string; data?: unknown; ruleLines?: number[]; schemaValid?: boolean }[];
  export default files;
}
declare module 'cpslint:concepts' {
  /** rules/concepts.yaml, embedded at build time: its text, its parsed data, and whether the data passed the lexicon schema. */
  const file: { file: string; text: string; data?: unknown; schemaValid?: boolean };
  export default file;
}
declare module 'wink-porter2-stemmer' {
  /** The Porter2 (English) stem of one lower-case word. */
  function stem(word: string): string;
  export default stem;
}
