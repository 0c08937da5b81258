/** The `.cpslint.yaml` that "cpslint: Create Configuration File" writes: every key, commented. */
export const CONFIG_TEMPLATE = `# cpslint configuration, shared by the VS Code extension and the cpslint CLI.
# Keys: rules/schema/cpslint-config.schema.json; rule ids: docs/rules.md.

# Check date-dependent requirements as of this date (default: today).
# asOf: 2026-11-25

# Root programs whose rules apply (default: all four).
programs: [mozilla, chrome, apple, microsoft]

# Per-rule severity (error, warning, info) or off.
rules: {}
#   mrsp-3.3.3-explicit-bounded-language: off
#   cps-title-mismatch: warning

# Extra rule packs (YAML), relative to this file.
# rulePacks: [house-rules.yaml]

# Markdown files that are not CP/CPS documents, and files that always are (globs relative to this file).
ignore: []
include: []
`;
