/**
 * What the plan import says, in the site's language: the officer who imports a Spanish plan on a
 * Spanish site reads Spanish. Each message is one line; the caller puts the row and column first.
 */
export type Lang = 'es' | 'en';

const en = {
  row: (n: number) => `row ${n}`,
  rows: (list: string) => (/[–,]/.test(list) ? `rows ${list}` : `row ${list}`),
  column: (letter: string, header: string) => `column ${letter} "${header}"`,
  noHeaderRow: (required: string) =>
    `no header row: none of the first rows names two of the expected columns (${required}); name them so, or map them with --map`,
  mapNotColumn: (column: string, list: string) => `map: columns.${column} is not a column Tablero reads (${list})`,
  mapHeaderAbsent: (column: string, header: string, row: number) =>
    `map: columns.${column} names "${header}", which is not a header of row ${row}`,
  missingColumn: (row: number, header: string, column: string, others: string) =>
    `row ${row}: no "${header}" column (${column}); name one so (or ${others}), or map it with --map`,
  noCommitmentAbove: 'empty, and no commitment above it to belong to',
  notCommitmentNumber: (text: string) => `"${text}" is not a commitment number (1, 2, 3…)`,
  notMilestoneNumber: (text: string) => `"${text}" is not a milestone number (1, 2, 3…)`,
  differs: (line: number, value: string) => `differs from row ${line} for the same commitment ("${value}")`,
  sameNumber: (number: number, line: number) => `commitment ${number} is also at row ${line} with another title`,
  notOrgKind: (text: string, list: string) => `"${text}" is not a kind of institution (${list})`,
  notOgpValue: (word: string, list: string) =>
    `"${word}" is not one of OGP's values (${list}); name it so, or map it under "values" in --map`,
  milestoneEmpty: 'empty; every row is one milestone and needs its title',
  duplicateMilestone: (row: number, commitment: number) =>
    `the same milestone as row ${row} of commitment ${commitment} (a duplicate row?)`,
  notADate: (text: string) => `"${text}" is not a date (write 2021-03-31 or 31/03/2021)`,
  notACalendarDay: (text: string) => `"${text}" is not a day of the calendar`,
  endBeforeStart: (end: string, start: string) => `${end} is before the start, ${start}`,
  notAWeight: (text: string) => `"${text}" is not a weight (a number, 0 or more)`,
  noTitle: (n: number) => `commitment ${n} has no title`,
  noResponsible: (n: number) => `commitment ${n} names no responsible institution`,
  noEnd: 'empty; every milestone needs its end date',
  planIdMissing: '--plan: give the plan an id, such as --plan ec-2pa (lower-case letters, digits, -)',
  planIdBad: (slug: string) => `--plan: "${slug}" must be lower-case letters, digits, ".", "_" or "-"`,
  planFieldMissing: (field: string) =>
    `--${field}: the plan is new; give its ${field} (or plan.${field} in the mapping file)`,
  noStartStated: "--start: the sheet states no start date at all; give the plan's start (--start 2025-01-01)",
  // The summary.
  inherit: (n: number) =>
    n === 1
      ? "1 milestone without a responsible institution inherits its commitment's"
      : `${n} milestones without a responsible institution inherit their commitment's`,
  span: (n: number) =>
    n === 1
      ? '1 commitment takes its dates from the span of its milestones'
      : `${n} commitments take their dates from the span of their milestones`,
  numberedCommitments: 'commitments are numbered in the order of the sheet (there is no commitment number column)',
  numberedMilestones: 'milestones are numbered in the order of the sheet within their commitment',
  prefixNumbers: (n: number) => `${n} milestone titles start with their number ("Hito 2:"), taken as the number`,
  planStarts: (date: string) =>
    `the plan starts on ${date}, its first milestone's start (give --start to say otherwise)`,
  planEnds: (date: string) => `the plan ends on ${date}, its last milestone's end (give --end to say otherwise)`,
  leadsByMilestone: (numbers: string) =>
    `commitments ${numbers} name different leads on their rows: each row's are its milestone's, and the commitment's are all of them`,
  noObjective: (n: number, rows: string) =>
    `${n} commitment${n === 1 ? ' states' : 's state'} no objective (${rows}): recorded as not stated by the source`,
  noValues: (n: number, rows: string) =>
    `${n} commitment${n === 1 ? ' states' : 's state'} no OGP value (${rows}): recorded as not stated by the source`,
  noStart: (n: number, rows: string) =>
    `${n} milestone${n === 1 ? ' states' : 's state'} no start date (${rows}): recorded as not stated (the dashboard says so), their bars drawn from their commitment's or the plan's start`,
  commitmentStartFromPlan: (n: number) =>
    `${n} commitment${n === 1 ? '' : 's'} with no start date stated start${n === 1 ? 's' : ''} with the plan: recorded as not stated`,
  newOrganizations: (n: number) =>
    n === 1 ? '1 organisation is new (id, name, kind, why):' : `${n} organisations are new (id, name, kind, why):`,
  leads: (n: number, row: number) => `leads commitment ${n} (row ${row})`,
  counterpart: (where: string) => `civil-society counterpart in ${where}`,
  supports: (where: string) => `supporting actor in ${where}`,
  columnSays: (where: string) => `as its column says, ${where}`,
  kindColumn: (where: string) => `as ${where} says`,
  firstMet: (kind: string, why: string) => `first met as ${kind}: ${why}`,
  encoding: (name: string) => `read as ${name}`,
  columnsNotRead: (list: string) => `columns not read: ${list}`,
  // Reading the file.
  notASheet: (file: string, what: string) =>
    `${file} is not a spreadsheet${what}; save the plan from your spreadsheet program as .xlsx or .csv and import that.`,
  looksLike: (kind: string) => ` (it is ${kind})`,
  oldExcel: 'an old Excel .xls workbook',
  aWorkbook: 'an .xlsx workbook with another name',
  unknownExtension: (file: string) =>
    `${file}: a plan spreadsheet is .csv or .xlsx (save other formats as one of these).`,
  noSheetNamed: (file: string, name: string, list: string) => `${file}: no sheet named "${name}"; it has ${list}.`,
  noSheet: (file: string) => `${file}: the workbook has no sheet.`,
  unreadableCsv: (file: string, line: string) =>
    `${file}: the CSV cannot be read${line}; check its quotes, or save it again from your spreadsheet program.`,
  atLine: (n: number) => ` at line ${n}`,
  problems: (file: string, n: number) => `${file}: ${n} problem${n === 1 ? '' : 's'}; nothing was written.`,
  imported: (file: string, created: number, updated: number, unchanged: number, dryRun: boolean) =>
    `${file}: ${dryRun ? 'would create' : 'created'} ${created}, ${dryRun ? 'change' : 'changed'} ${updated}, left ${unchanged} as they were${dryRun ? ' (dry run: nothing was written)' : ''}.`,
  byType: (type: string, created: number, updated: number, unchanged: number) =>
    `${type}: ${created} new, ${updated} changed, ${unchanged} unchanged`,
  notInFile: (planId: string, items: string) =>
    `${planId}: not in this file, kept as they were (an import removes nothing): ${items}`,
  notInFileItem: (docType: string, number: string, title: string) =>
    `${docType === 'commitment' ? 'commitment' : 'key action'} ${number} "${title}"`,
  revision: (planId: string, revision: number, changes: number, dryRun: boolean) =>
    `${planId} was published already: ${dryRun ? 'would record' : 'recorded'} its revision ${revision} (${changes} change${changes === 1 ? '' : 's'}), public on its pages.`,
  inferredHeading: 'Inferred:',
};

export type SheetMessages = typeof en;

const es: SheetMessages = {
  row: (n) => `fila ${n}`,
  rows: (list) => (/[–,]/.test(list) ? `filas ${list}` : `fila ${list}`),
  column: (letter, header) => `columna ${letter} "${header}"`,
  noHeaderRow: (required) =>
    `no hay fila de encabezados: ninguna de las primeras filas nombra dos de las columnas esperadas (${required}); nómbrelas así, o indíquelas con --map`,
  mapNotColumn: (column, list) => `map: columns.${column} no es una columna que Tablero lea (${list})`,
  mapHeaderAbsent: (column, header, row) =>
    `map: columns.${column} nombra "${header}", que no es un encabezado de la fila ${row}`,
  missingColumn: (row, header, column, others) =>
    `fila ${row}: no hay columna "${header}" (${column}); nombre una así (u ${others}), o indíquela con --map`,
  noCommitmentAbove: 'vacía, y no hay un compromiso arriba al que pertenezca',
  notCommitmentNumber: (text) => `"${text}" no es un número de compromiso (1, 2, 3…)`,
  notMilestoneNumber: (text) => `"${text}" no es un número de hito (1, 2, 3…)`,
  differs: (line, value) => `difiere de la fila ${line} del mismo compromiso ("${value}")`,
  sameNumber: (number, line) => `el compromiso ${number} también está en la fila ${line} con otro título`,
  notOrgKind: (text, list) => `"${text}" no es un tipo de institución (${list})`,
  notOgpValue: (word, list) =>
    `"${word}" no es uno de los valores de OGP (${list}); escríbalo así, o indíquelo en "values" de --map`,
  milestoneEmpty: 'vacía; cada fila es un hito y necesita su título',
  duplicateMilestone: (row, commitment) =>
    `el mismo hito que la fila ${row} del compromiso ${commitment} (¿una fila repetida?)`,
  notADate: (text) => `"${text}" no es una fecha (escriba 2021-03-31 o 31/03/2021)`,
  notACalendarDay: (text) => `"${text}" no es un día del calendario`,
  endBeforeStart: (end, start) => `${end} es anterior al inicio, ${start}`,
  notAWeight: (text) => `"${text}" no es un peso (un número, 0 o más)`,
  noTitle: (n) => `el compromiso ${n} no tiene título`,
  noResponsible: (n) => `el compromiso ${n} no nombra institución responsable`,
  noEnd: 'vacía; cada hito necesita su fecha de término',
  planIdMissing: '--plan: dé un identificador al plan, como --plan ec-2pa (minúsculas, dígitos, -)',
  planIdBad: (slug) => `--plan: "${slug}" debe tener solo minúsculas, dígitos, ".", "_" o "-"`,
  planFieldMissing: (field) =>
    `--${field}: el plan es nuevo; indique su ${field === 'title' ? 'título' : 'país'} (o plan.${field} en el archivo de mapeo)`,
  noStartStated: '--start: la hoja no indica ninguna fecha de inicio; dé la del plan (--start 2025-01-01)',
  inherit: (n) =>
    n === 1
      ? '1 hito sin institución responsable toma la de su compromiso'
      : `${n} hitos sin institución responsable toman la de su compromiso`,
  span: (n) =>
    n === 1
      ? '1 compromiso toma sus fechas del periodo de sus hitos'
      : `${n} compromisos toman sus fechas del periodo de sus hitos`,
  numberedCommitments: 'los compromisos se numeran en el orden de la hoja (no hay columna de número de compromiso)',
  numberedMilestones: 'los hitos se numeran en el orden de la hoja dentro de su compromiso',
  prefixNumbers: (n) => `${n} títulos de hito empiezan con su número ("Hito 2:"), tomado como el número`,
  planStarts: (date) => `el plan empieza el ${date}, el inicio de su primer hito (dé --start para indicar otro)`,
  planEnds: (date) => `el plan termina el ${date}, el término de su último hito (dé --end para indicar otro)`,
  leadsByMilestone: (numbers) =>
    `los compromisos ${numbers} nombran responsables distintos en sus filas: los de cada fila son los de su hito, y los del compromiso son todos ellos`,
  noObjective: (n, rows) =>
    `${n} compromiso${n === 1 ? ' no indica' : 's no indican'} objetivo (${rows}): registrado como no indicado por la fuente`,
  noValues: (n, rows) =>
    `${n} compromiso${n === 1 ? ' no indica' : 's no indican'} valores de OGP (${rows}): registrado como no indicado por la fuente`,
  noStart: (n, rows) =>
    `${n} hito${n === 1 ? ' no indica' : 's no indican'} fecha de inicio (${rows}): registrado como no indicado (el tablero lo dice), sus barras trazadas desde el inicio de su compromiso o del plan`,
  commitmentStartFromPlan: (n) =>
    `${n} compromiso${n === 1 ? '' : 's'} sin fecha de inicio indicada empieza${n === 1 ? '' : 'n'} con el plan: registrado como no indicado`,
  newOrganizations: (n) =>
    n === 1
      ? '1 organización es nueva (id, nombre, tipo, por qué):'
      : `${n} organizaciones son nuevas (id, nombre, tipo, por qué):`,
  leads: (n, row) => `responsable del compromiso ${n} (fila ${row})`,
  counterpart: (where) => `contraparte de sociedad civil en ${where}`,
  supports: (where) => `actor de apoyo en ${where}`,
  columnSays: (where) => `como dice su columna, ${where}`,
  kindColumn: (where) => `como dice ${where}`,
  firstMet: (kind, why) => `vista primero como ${kind}: ${why}`,
  encoding: (name) => `leído como ${name}`,
  columnsNotRead: (list) => `columnas no leídas: ${list}`,
  notASheet: (file, what) =>
    `${file} no es una hoja de cálculo${what}; guarde el plan desde su programa de hojas de cálculo como .xlsx o .csv e importe ese archivo.`,
  looksLike: (kind) => ` (es ${kind})`,
  oldExcel: 'un libro de Excel antiguo, .xls',
  aWorkbook: 'un libro .xlsx con otro nombre',
  unknownExtension: (file) => `${file}: una hoja de plan es .csv o .xlsx (guarde otros formatos como uno de estos).`,
  noSheetNamed: (file, name, list) => `${file}: no hay una hoja llamada "${name}"; tiene ${list}.`,
  noSheet: (file) => `${file}: el libro no tiene hojas.`,
  unreadableCsv: (file, line) =>
    `${file}: el CSV no se puede leer${line}; revise sus comillas, o guárdelo de nuevo desde su programa de hojas de cálculo.`,
  atLine: (n) => ` en la línea ${n}`,
  problems: (file, n) => `${file}: ${n} problema${n === 1 ? '' : 's'}; no se escribió nada.`,
  imported: (file, created, updated, unchanged, dryRun) =>
    `${file}: ${dryRun ? 'crearía' : 'creó'} ${created}, ${dryRun ? 'cambiaría' : 'cambió'} ${updated}, dejó ${unchanged} como estaban${dryRun ? ' (prueba: no se escribió nada)' : ''}.`,
  byType: (type, created, updated, unchanged) =>
    `${type}: ${created} nuevos, ${updated} cambiados, ${unchanged} sin cambios`,
  notInFile: (planId, items) =>
    `${planId}: no están en este archivo y quedan como estaban (una importación no quita nada): ${items}`,
  notInFileItem: (docType, number, title) =>
    `${docType === 'commitment' ? 'compromiso' : 'acción clave'} ${number} «${title}»`,
  revision: (planId, revision, changes, dryRun) =>
    `${planId} ya estaba publicado: ${dryRun ? 'registraría' : 'registró'} su revisión ${revision} (${changes} cambio${changes === 1 ? '' : 's'}), pública en sus páginas.`,
  inferredHeading: 'Deducido:',
};

export const SHEET_MESSAGES: Record<Lang, SheetMessages> = { en, es };
