/**
 * What a commitment's source did not state, asked field by field: the plan import records each
 * gap in `unverifiedFields` ('startDate', 'objective', 'ogpValues', 'keyActions.startDate' for
 * every key action, 'keyAction.3.startDate' for one), and the pages say "not stated" there instead
 * of showing the date the import had to put in its place as the plan's word.
 */
export interface Unstated {
  field: (name: string) => boolean;
  keyActionStart: (number: number) => boolean;
}

export function unstatedIn(fields: readonly string[] | undefined): Unstated {
  const gaps = new Set(fields ?? []);
  return {
    field: (name) => gaps.has(name),
    keyActionStart: (number) => gaps.has('keyActions.startDate') || gaps.has(`keyAction.${number}.startDate`),
  };
}
