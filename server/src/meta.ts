/**
 * What cpslint says about itself: its version, its home page and where its rule documentation is
 * published. Read from package.json at build time (esbuild inlines it), so a release changes one file.
 */
import pkg from '../../package.json';

export const VERSION: string = pkg.version;

/** https://github.com/owner/name, from package.json's repository (git+https, .git, ssh forms). */
export function repositoryUrl(repository: unknown = pkg.repository): string | undefined {
  const raw = typeof repository === 'string' ? repository : (repository as { url?: string } | undefined)?.url;
  if (!raw) return undefined;
  const m = /github\.com[/:]([^/\s]+)\/([^/\s#]+?)(?:\.git)?\/?$/.exec(raw);
  return m ? `https://github.com/${m[1]}/${m[2]}` : undefined;
}

/** The project home page, for SARIF's tool.driver.informationUri. */
export const HOMEPAGE: string = (pkg.homepage ?? '').replace(/#.*$/, '') || repositoryUrl() || 'https://github.com/cpslint/cpslint';

/**
 * The published docs/rules.md of this version: the file at the release tag on GitHub, so that a
 * rule's link describes the rule as this version checks it. Each code is an anchor (`#br-4.9.1.1-…`).
 */
export const RULES_DOC_BASE_URL: string = `${repositoryUrl() ?? 'https://github.com/cpslint/cpslint'}/blob/v${VERSION}/docs/rules.md`;

/**
 * The base of the rule links: `override` when it is an absolute http(s) URL (a mirror, an internal
 * copy), else the published one. Returns the reason when the override is unusable.
 */
export function rulesDocBase(override: string | undefined | null): { base: string; problem?: string } {
  const o = (override ?? '').trim();
  if (!o) return { base: RULES_DOC_BASE_URL };
  if (/^https?:\/\/[^\s/]+/i.test(o)) return { base: o };
  return { base: RULES_DOC_BASE_URL, problem: `"${o}" is not an http(s) URL; using ${RULES_DOC_BASE_URL}` };
}
