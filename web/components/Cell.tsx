/**
 * An editable table cell that commits on every keystroke, so validation runs as the user types, while
 * keeping the typed text as it is (a list cell would otherwise lose "10, " before the next number).
 * A value that does not parse is committed as the raw text: the scenario then fails validation at that
 * path and the cell shows it, rather than silently dropping what was typed.
 */
import { useState } from 'react';

export type CellKind = 'text' | 'number' | 'list' | 'numlist';

export function formatCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map((v) => String(v)).join(', ');
  return String(value);
}

const NUMBER = /^-?\d+(\.\d+)?$/;

export function parseCell(text: string, kind: CellKind, required = false): unknown {
  const t = text.trim();
  if (t === '') return required ? (kind === 'list' || kind === 'numlist' ? [] : '') : undefined;
  switch (kind) {
    case 'text':
      return text;
    case 'number':
      return NUMBER.test(t) ? Number(t) : t;
    case 'list':
      return t.split(/[,\s]+/).filter(Boolean);
    case 'numlist':
      return t
        .split(/[,\s]+/)
        .filter(Boolean)
        .map((x) => (NUMBER.test(x) ? Number(x) : x));
  }
}

export function Cell({
  value,
  onCommit,
  label,
  issue,
  kind = 'text',
  required = false,
  size,
}: {
  value: unknown;
  onCommit: (v: unknown) => void;
  label: string;
  issue?: string;
  kind?: CellKind;
  required?: boolean;
  size?: number;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  const shown = draft ?? formatCell(value);
  return (
    <input
      className={issue ? 'cell invalid' : 'cell'}
      value={shown}
      size={size ?? Math.max(3, Math.min(18, shown.length + 1))}
      aria-label={label}
      aria-invalid={issue ? true : undefined}
      title={issue}
      inputMode={kind === 'number' ? 'numeric' : undefined}
      onFocus={() => setDraft(formatCell(value))}
      onBlur={() => setDraft(null)}
      onChange={(e) => {
        setDraft(e.target.value);
        onCommit(parseCell(e.target.value, kind, required));
      }}
    />
  );
}

/** Issues keyed by JSON path, and a test for "anything at or under this path". */
export function issueIndex(issues: readonly { path: string; message: string }[]) {
  const byPath = new Map<string, string>();
  for (const i of issues) byPath.set(i.path, byPath.has(i.path) ? `${byPath.get(i.path)} ${i.message}` : i.message);
  return {
    at: (path: string) => byPath.get(path),
    under: (prefix: string) => issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`)),
  };
}
