import type { Organisation } from './api';

/** A table's header row: its columns, then an unnamed one for the row's buttons, named for screen readers. */
export function HeaderRow({ columns, actions }: { columns: string[]; actions: string }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        <th scope="col">
          <span className="visually-hidden">{actions}</span>
        </th>
      </tr>
    </thead>
  );
}

/** Organisations as a select's options, by name, each with its acronym. */
export function OrgOptions({ orgs }: { orgs: Organisation[] }) {
  return (
    <>
      {[...orgs]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((o) => (
          <option key={o._id} value={o._id}>
            {o.name}
            {o.acronym ? ` (${o.acronym})` : ''}
          </option>
        ))}
    </>
  );
}

/** A form's submit button, on a row of its own. */
export function Submit({ label }: { label: string }) {
  return (
    <div className="wide">
      <button type="submit">{label}</button>
    </div>
  );
}
