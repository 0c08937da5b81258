/**
 * Client commands around the compliance review: the review panel (a webview beside the editor,
 * HTML rendered by the server), jumping to evidence lines, setting the as-of date and the
 * programs, and checking every CP/CPS of the workspace. Presentation only: the review and the
 * checks come from the server (cpslint/review, cpslint/checkFile).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { isIsoDate } from '../../server/src/service/rules/patterns';
import type { ReviewResult, CheckFileResult } from '../../server/src/review-requests';

const SECTION = 'cpslint';
const PROGRAMS: { id: string; label: string }[] = [
  { id: 'mozilla', label: 'Mozilla Root Store Policy' },
  { id: 'chrome', label: 'Chrome Root Program Policy' },
  { id: 'apple', label: 'Apple Root Certificate Program' },
  { id: 'microsoft', label: 'Microsoft Trusted Root Program' },
];

/** One review panel, reused; it follows the document it was opened for and refreshes when its diagnostics change. */
export class ReviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private uri: vscode.Uri | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastHtml: string | null = null;

  current(): vscode.Uri | undefined {
    return this.uri;
  }

  html(): string | null {
    return this.panel ? this.lastHtml : null;
  }

  async show(client: LanguageClient, uri: vscode.Uri): Promise<void> {
    this.uri = uri;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('cpslint.review', 'Compliance Review', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        // Evidence links are command URIs (cpslint.revealLine); documentation links open docs/rules.md.
        enableCommandUris: ['cpslint.revealLine', 'vscode.open'],
        enableScripts: false,
        retainContextWhenHidden: false,
      });
      this.panel.onDidDispose(() => {
        this.panel = undefined;
        this.lastHtml = null;
      });
    } else this.panel.reveal(undefined, true);
    await this.refresh(client);
  }

  /** Re-render when the reviewed document's diagnostics change (after edits or a settings change). */
  onDiagnostics(uris: readonly vscode.Uri[], client: LanguageClient | undefined): void {
    if (!this.panel || !this.uri || !client) return;
    const mine = this.uri.toString();
    if (!uris.some((u) => u.toString() === mine)) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(client), 300);
  }

  private async refresh(client: LanguageClient): Promise<void> {
    const panel = this.panel;
    const uri = this.uri;
    if (!panel || !uri) return;
    const name = uri.path.split('/').pop() ?? uri.toString();
    panel.title = `Review: ${name}`;
    let res: ReviewResult;
    try {
      res = await client.sendRequest<ReviewResult>('cpslint/review', { uri: uri.toString(), format: 'html' });
    } catch (e) {
      res = { ok: false, message: String(e) };
    }
    if (this.panel !== panel || this.uri?.toString() !== uri.toString()) return;
    const html = res.ok && res.html ? res.html : messagePage(`cpslint cannot review ${name}: ${res.message ?? 'no answer from the language server'}`);
    this.lastHtml = html;
    panel.webview.html = html;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.panel?.dispose();
  }
}

function messagePage(message: string): string {
  const esc = message.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>${esc}</p></body></html>`;
}

/** `cpslint.revealLine [uri, line]`: open the document at a 1-based line, in the editor column beside the review. */
export async function revealLine(uri: string | vscode.Uri, line: number): Promise<void> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
  const existing = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.toString());
  const doc = existing?.document ?? (await vscode.workspace.openTextDocument(target));
  const pos = new vscode.Position(Math.max(0, Math.min(doc.lineCount - 1, (Number(line) || 1) - 1)), 0);
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: existing?.viewColumn ?? vscode.ViewColumn.One, selection: new vscode.Range(pos, pos) });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
}

function configTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}


/** `cpslint.setAsOf`: the date requirements are evaluated at; empty means today. */
export async function setAsOf(value?: string): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  let v = value;
  if (v === undefined) {
    v = await vscode.window.showInputBox({
      title: 'cpslint: Set As-of Date',
      prompt: 'Check requirements as they apply on this date (YYYY-MM-DD). Leave empty for today.',
      value: cfg.get<string>('asOf', ''),
      placeHolder: new Date().toISOString().slice(0, 10),
      validateInput: (s) => (s.trim() === '' || isIsoDate(s.trim()) ? null : 'Use a real date as YYYY-MM-DD, or leave empty for today.'),
    });
    if (v === undefined) return;
  }
  v = v.trim();
  if (v !== '' && !isIsoDate(v)) {
    void vscode.window.showErrorMessage(`cpslint: "${v}" is not a YYYY-MM-DD date.`);
    return;
  }
  await cfg.update('asOf', v, configTarget());
}

/** `cpslint.setPrograms`: the root programs whose requirements are checked. */
export async function setPrograms(values?: string[]): Promise<void> {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  let chosen = values;
  if (!chosen) {
    const current = new Set(cfg.get<string[]>('programs', PROGRAMS.map((p) => p.id)));
    const picks = await vscode.window.showQuickPick(
      PROGRAMS.map((p) => ({ label: p.label, description: p.id, id: p.id, picked: current.has(p.id) })),
      { title: 'cpslint: Set Root Programs', placeHolder: 'Programs whose requirements apply (the Baseline Requirements always do)', canPickMany: true },
    );
    if (!picks) return;
    chosen = picks.map((p) => p.id);
  }
  const known = new Set(PROGRAMS.map((p) => p.id));
  const bad = chosen.filter((c) => !known.has(c));
  if (bad.length) {
    void vscode.window.showErrorMessage(`cpslint: unknown program(s) ${bad.join(', ')}.`);
    return;
  }
  await cfg.update('programs', chosen, configTarget());
}

/** `cpslint.checkWorkspace`: every CP/CPS Markdown file of the workspace into the Problems panel, with progress and cancellation. */
export async function checkWorkspace(client: LanguageClient): Promise<{ files: number; cps: number; errors: number; warnings: number; cancelled: boolean }> {
  const summary = { files: 0, cps: 0, errors: 0, warnings: 0, cancelled: false };
  if (!vscode.workspace.workspaceFolders?.length) {
    void vscode.window.showInformationMessage('cpslint: open a folder to check its CP/CPS documents.');
    return summary;
  }
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'cpslint: checking the workspace', cancellable: true },
    async (progress, token) => {
      const files = await vscode.workspace.findFiles('**/*.{md,markdown}', '{**/node_modules/**,**/.git/**}', undefined, token);
      summary.files = files.length;
      const cts = new vscode.CancellationTokenSource();
      token.onCancellationRequested(() => cts.cancel());
      for (const [i, file] of files.entries()) {
        if (token.isCancellationRequested) break;
        progress.report({ message: `${i + 1}/${files.length} ${vscode.workspace.asRelativePath(file)}`, increment: 100 / Math.max(1, files.length) });
        const r = await client.sendRequest<CheckFileResult>('cpslint/checkFile', { uri: file.toString() }, cts.token).catch(() => null);
        if (!r?.cps) continue;
        summary.cps++;
        summary.errors += r.errors;
        summary.warnings += r.warnings;
      }
      summary.cancelled = token.isCancellationRequested;
      cts.dispose();
    },
  );
  const text = `cpslint: ${summary.cancelled ? 'stopped after checking' : 'checked'} ${summary.cps} CP/CPS document(s) of ${summary.files} Markdown file(s): ${summary.errors} error(s), ${summary.warnings} warning(s).`;
  if (summary.cps) await vscode.commands.executeCommand('workbench.actions.view.problems');
  void vscode.window.showInformationMessage(text);
  return summary;
}

/** `cpslint.openSelfAssessment`: the CCADB self-assessment draft of a CP/CPS (or its policy set) as a table beside the editor, each row linked to its line. No scripts. */
export async function openSelfAssessment(client: LanguageClient, uri: vscode.Uri): Promise<vscode.WebviewPanel> {
  const name = uri.path.split('/').pop() ?? uri.toString();
  const panel = vscode.window.createWebviewPanel('cpslint.selfAssessment', `Self-assessment: ${name}`, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
    enableCommandUris: ['cpslint.revealLine'],
    enableScripts: false,
    retainContextWhenHidden: false,
  });
  let res: { ok: boolean; message?: string; html?: string };
  try {
    res = await client.sendRequest<{ ok: boolean; message?: string; html?: string }>('cpslint/selfAssessment', { uri: uri.toString() });
  } catch (e) {
    res = { ok: false, message: String(e) };
  }
  panel.webview.html = res.ok && res.html ? res.html : messagePage(`cpslint cannot draft the self-assessment of ${name}: ${res.message ?? 'no answer from the language server'}`);
  return panel;
}
