import { useState } from 'react';
import { type PickedFile, platform } from '../../platform/bridge';
import { fileProblem } from '../files-outbox';
import type { es } from '../messages';

/**
 * Picked files split into those to attach and, for each of the others, its name with the reason
 * (too large, or a type not accepted).
 */
export function sortPicked(t: typeof es, picked: readonly PickedFile[]): { kept: PickedFile[]; refused: string[] } {
  const kept: PickedFile[] = [];
  const refused: string[] = [];
  for (const f of picked) {
    const problem = fileProblem(f);
    if (!problem) kept.push(f);
    else if (problem === 'tooLarge') refused.push(t.fileTooLarge(f.name));
    else if (problem === 'badType') refused.push(t.fileBadType(f.name));
  }
  return { kept, refused };
}

/**
 * Files to attach to a form: the system's file picker (the desktop's own dialog), the files
 * picked, each with a way to take it off, and any refused named with the reason, so a file never
 * silently fails to attach.
 */
export function FilesField({
  t,
  files,
  onChange,
}: {
  t: typeof es;
  files: readonly PickedFile[];
  onChange: (files: PickedFile[]) => void;
}) {
  const [refused, setRefused] = useState<string[]>([]);
  const pick = async () => {
    const { kept, refused } = sortPicked(t, await platform().pickFiles());
    setRefused(refused);
    onChange([...files.filter((f) => !kept.some((k) => k.name === f.name)), ...kept]);
  };
  return (
    <div className="files-field">
      {files.length > 0 && (
        <ul className="plain">
          {files.map((f) => (
            <li key={f.name}>
              {f.name}{' '}
              <button type="button" className="link" onClick={() => onChange(files.filter((x) => x !== f))}>
                {t.remove(f.name)}
              </button>
            </li>
          ))}
        </ul>
      )}
      <button type="button" onClick={pick}>
        {t.addFiles}
      </button>
      {refused.length > 0 && (
        <p className="sync-error" role="alert">
          {refused.join(' ')}
        </p>
      )}
    </div>
  );
}
