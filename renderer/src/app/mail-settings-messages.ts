import type { es as appEs } from './messages';

/** The text of the app's mail settings (which reminders a person gets); the app's other text is in `messages.ts`. */
const es = {
  mailSettings: 'Avisos por correo',
  help: 'Elija qué recordatorios recibe por correo. La dirección la registra la administración del sitio.',
  address: (email: string) => `Se envían a ${email}.`,
  noAddress:
    'Su cuenta aún no tiene dirección de correo: pida a la administración del sitio que la registre («user email»).',
  kinds: {
    deadlineSoon: 'Una acción clave de mi organización está por vencer sin reporte',
    overdue: 'Una acción clave de mi organización venció sin reporte',
    returned: 'El comité devolvió un reporte de mi organización',
    weeklyDigest: 'Resumen semanal de lo que espera revisión del comité',
  },
  save: 'Guardar',
  saved: 'Guardado.',
  offline: 'No se pudo hablar con el servidor; sus opciones se guardan cuando haya conexión. Intente de nuevo.',
  loading: 'Cargando…',
};

const en: typeof es = {
  mailSettings: 'E-mail reminders',
  help: 'Choose which reminders you get by e-mail. The site’s administration records the address.',
  address: (email: string) => `They go to ${email}.`,
  noAddress: 'Your account has no e-mail address yet: ask the site’s administration to record one (“user email”).',
  kinds: {
    deadlineSoon: 'A key action of my organisation is about to end with no report',
    overdue: 'A key action of my organisation ended with no report',
    returned: 'The committee returned a report of my organisation',
    weeklyDigest: 'Weekly digest of what waits for the committee’s review',
  },
  save: 'Save',
  saved: 'Saved.',
  offline: 'The server could not be reached; your choices are saved once there is a connection. Try again.',
  loading: 'Loading…',
};

export function mailSettingsText(t: typeof appEs): typeof es {
  return t.lang === 'en' ? en : es;
}
