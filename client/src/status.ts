/**
 * The text of cpslint's status bar item for the active CP/CPS. Pure (no `vscode` import), so that
 * it is unit-tested under Node (test/unit/status.test.ts). Until the server has published the
 * diagnostics of the document the item says "checking…": counts shown before then would be a false
 * "0 0" (the document has not been checked, not found clean).
 */
export interface StatusInput {
  /** The language server is running. */
  running: boolean;
  /** The server has published diagnostics for this document (since it was opened or the server started). */
  checked: boolean;
  errors: number;
  warnings: number;
  /** `cpslint.asOf`, or "" for today. */
  asOf: string;
  /** Restricted Mode: the workspace's rule packs are not loaded. */
  restricted: boolean;
}

export function statusView(s: StatusInput): { text: string; tooltip: string } {
  const asOf = s.asOf || 'today';
  const restricted = s.restricted ? ' · $(shield) built-in rules only' : '';
  const restrictedTip = s.restricted ? " Restricted Mode: the rule packs named in this workspace's .cpslint.yaml are not loaded; trust the workspace to use them." : '';
  if (!s.running) return { text: `$(checklist) cpslint · not running${restricted}`, tooltip: 'cpslint: the language server is not running (cpslint: Restart Server starts it).' + restrictedTip };
  if (!s.checked) return { text: `$(sync~spin) cpslint checking…${restricted}`, tooltip: `cpslint: checking this CP/CPS against the requirements as of ${asOf}.` + restrictedTip };
  return {
    text: `$(checklist) cpslint $(error) ${s.errors} $(warning) ${s.warnings} · as of ${asOf}${restricted}`,
    tooltip: `cpslint: ${s.errors} error(s), ${s.warnings} warning(s) in this CP/CPS, requirements as of ${asOf}. Click to open the compliance review.` + restrictedTip,
  };
}
