import { useState } from 'react';
import { namesIn, OGP_VALUE_NAMES } from '../../../shared/src/vocabularies.js';
import type { AdminMessages } from './messages';

/** A word the sheet uses and what it means: an OGP value, or a kind of institution. */
export interface WordChoice {
  word: string;
  meaning: string;
}

const KINDS = ['government', 'cso', 'autonomous', 'other'];

/**
 * The sheet's own words for OGP values and kinds of institution ("Transparencia" for access to
 * information), added one at a time; sent as the mapping's `values` and `orgKinds`.
 */
export function WordMapping({
  words,
  t,
  onChange,
}: {
  words: WordChoice[];
  t: AdminMessages;
  onChange: (words: WordChoice[]) => void;
}) {
  const [word, setWord] = useState('');
  const [meaning, setMeaning] = useState('');
  const values = namesIn(OGP_VALUE_NAMES, t.lang);
  const nameOf = (m: string) => (m.startsWith('kind:') ? t.orgs.kinds[m.slice(5)] : values[m as keyof typeof values]);
  const add = () => {
    if (!word.trim() || !meaning) return;
    onChange([...words.filter((w) => w.word !== word.trim()), { word: word.trim(), meaning }]);
    setWord('');
    setMeaning('');
  };
  return (
    <fieldset className="mapping">
      <legend className="visually-hidden">{t.plans.wordsTitle}</legend>
      <p className="help">{t.plans.wordsHelp}</p>
      <label>
        {t.plans.word}
        <input value={word} onChange={(e) => setWord(e.target.value)} />
      </label>
      <label>
        {t.plans.means}
        <select value={meaning} onChange={(e) => setMeaning(e.target.value)}>
          <option value="">{t.orgs.choose}</option>
          <optgroup label={t.plans.ogpValue}>
            {Object.entries(values).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </optgroup>
          <optgroup label={t.fields.kind}>
            {KINDS.map((k) => (
              <option key={k} value={`kind:${k}`}>
                {t.orgs.kinds[k]}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <div>
        <button type="button" onClick={add}>
          {t.plans.addWord}
        </button>
      </div>
      {words.length > 0 && (
        <ul>
          {words.map((w) => (
            <li key={w.word}>
              «{w.word}» → {nameOf(w.meaning)}{' '}
              <button type="button" onClick={() => onChange(words.filter((x) => x.word !== w.word))}>
                {t.plans.removeWord(w.word)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

/** The words as the importer's mapping takes them: `values` (word → OGP value) and `orgKinds` (word → kind). */
export function wordsMapping(words: readonly WordChoice[]): { values?: object; orgKinds?: object } {
  const of = (kinds: boolean) =>
    Object.fromEntries(
      words
        .filter((w) => w.meaning.startsWith('kind:') === kinds)
        .map((w) => [w.word, kinds ? w.meaning.slice(5) : w.meaning]),
    );
  const values = of(false);
  const orgKinds = of(true);
  return {
    ...(Object.keys(values).length ? { values } : {}),
    ...(Object.keys(orgKinds).length ? { orgKinds } : {}),
  };
}
