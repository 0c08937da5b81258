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
