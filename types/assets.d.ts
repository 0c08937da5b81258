declare module '*.yaml' {
  const text: string;
  export default text;
}
declare module 'cpslint:builtin-rules' {
  /** Every YAML file under rules/ (except the outline), embedded at build time. */
  const files: { file: string; text: string }[];
  export default files;
}
