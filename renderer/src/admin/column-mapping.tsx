import type { AdminMessages } from './messages';

/** Which Tablero column each header the sheet uses stands for, made in the page: header → column. */
export type ColumnChoices = Record<string, string>;

/** The headers the importer did not read, each with a choice of what it is. */
export function ColumnMapping({
  headers,
  choices,
  t,
  onChange,
}: {
  headers: string[];
  choices: ColumnChoices;
  t: AdminMessages;
  onChange: (choices: ColumnChoices) => void;
}) {
  if (headers.length === 0) return null;
  return (
    <fieldset className="mapping">
      <legend>{t.plans.columnsTitle}</legend>
      <p className="help">{t.plans.columnsHelp}</p>
      {headers.map((header) => (
        <label key={header}>
          {t.plans.readAs(header)}
          <select value={choices[header] ?? ''} onChange={(e) => onChange({ ...choices, [header]: e.target.value })}>
            <option value="">{t.plans.notRead}</option>
            {Object.entries(t.plans.columnNames).map(([column, label]) => (
              <option key={column} value={column}>
                {label}
              </option>
            ))}
          </select>
        </label>
      ))}
    </fieldset>
  );
}

/**
 * The mapping to send: the one typed as JSON, with the columns chosen in the page added; a column
 * fed by several headers lists them all, as the importer reads it.
 */
export function mappingWith(
  typed: Record<string, unknown> | undefined,
  choices: ColumnChoices,
  words: { values?: object; orgKinds?: object } = {},
) {
  const chosen = Object.entries(choices).filter(([, column]) => column);
  if (chosen.length === 0 && !words.values && !words.orgKinds) return typed;
  const columns: Record<string, string | string[]> = { ...((typed?.columns as Record<string, string[]>) ?? {}) };
  for (const [header, column] of chosen) {
    const before = columns[column];
    columns[column] = before === undefined ? header : [...(Array.isArray(before) ? before : [before]), header];
  }
  const merged = (key: 'values' | 'orgKinds') =>
    words[key] ? { [key]: { ...((typed?.[key] as object) ?? {}), ...words[key] } } : {};
  return { ...(typed ?? {}), columns, ...merged('values'), ...merged('orgKinds') };
}
