import type { FileProblem } from './file-upload';
import type { es as appEs } from './messages';

/**
 * What the files outbox tells the person about a file that did not go: what is wrong, then what
 * they can do. Kept beside the outbox (the app's other text is in `messages.ts`).
 */
const es = {
  filesWaiting: 'Archivos que no se han enviado',
  retryNow: 'Reintentar ahora',
  uploading: (name: string) => `Subiendo ${name}`,
  size: (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('es-MX', { maximumFractionDigits: 1 })} MB`,
  serverSaid: 'El servidor dijo',
  problem: {
    stalled:
      'La conexión se quedó detenida mientras se enviaba. Se reintentará solo, después de los demás archivos; si su conexión es lenta, no cierre la aplicación.',
    network: 'No hay conexión con el servidor. Se enviará solo en cuanto la haya; no tiene que hacer nada.',
    storageFull:
      'No se pudo guardar: el servidor no tiene espacio para más archivos. Se reintentará solo; si sigue así, avise a quien administra el servidor.',
    unavailable: 'El servidor no está disponible por ahora. Se reintentará solo en unos momentos.',
    server:
      'El servidor tuvo un error al guardarlo. Se reintentará solo; si sigue así, avise a quien administra el servidor.',
    tooLarge:
      'El servidor no acepta archivos tan grandes. Quítelo del reporte y adjunte una versión más pequeña (por ejemplo, un PDF comprimido o dividido en partes).',
    badType:
      'El servidor no acepta este tipo de archivo. Quítelo del reporte y adjúntelo como PDF, imagen, documento de oficina o CSV.',
    damaged:
      'El archivo llegó dañado o cambió en este equipo mientras se enviaba. Pulse «Reintentar ahora»; si vuelve a fallar, quítelo del reporte y adjúntelo de nuevo.',
    forbidden:
      'Su cuenta no puede subir archivos a este servidor. Pida a quien administra el servidor que revise los permisos de su cuenta.',
  } satisfies Record<FileProblem, string>,
};

const en: typeof es = {
  filesWaiting: 'Files not sent yet',
  retryNow: 'Retry now',
  uploading: (name: string) => `Uploading ${name}`,
  size: (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-GB', { maximumFractionDigits: 1 })} MB`,
  serverSaid: 'The server said',
  problem: {
    stalled:
      'The connection stalled while it was being sent. It will be retried automatically, after the other files; on a slow connection, keep the app open.',
    network: 'There is no connection to the server. It will be sent as soon as there is one; nothing to do.',
    storageFull:
      'It could not be stored: the server has no space left for files. It will be retried automatically; if this goes on, tell whoever runs the server.',
    unavailable: 'The server is not available right now. It will be retried automatically in a moment.',
    server:
      'The server failed to store it. It will be retried automatically; if this goes on, tell whoever runs the server.',
    tooLarge:
      'The server does not accept files this large. Take it off the report and attach a smaller version (a compressed PDF, or one split in parts).',
    badType:
      'The server does not accept this type of file. Take it off the report and attach it as a PDF, an image, an office document or a CSV.',
    damaged:
      'The file arrived damaged or changed on this device while it was sent. Press "Retry now"; if it fails again, take it off the report and attach it again.',
    forbidden:
      'Your account may not upload files to this server. Ask whoever runs the server to check your account’s permissions.',
  },
};

/** The outbox's text in the app's language. */
export function outboxText(t: typeof appEs): typeof es {
  return t.lang === 'en' ? en : es;
}
