import type { MenuItemConstructorOptions } from 'electron';

const LABELS = {
  es: {
    file: 'Archivo',
    quit: 'Salir',
    edit: 'Editar',
    view: 'Ver',
    reload: 'Recargar',
    fullscreen: 'Pantalla completa',
    help: 'Ayuda',
    site: 'Tablero público',
    about: 'Acerca de Tablero',
  },
  en: {
    file: 'File',
    quit: 'Quit',
    edit: 'Edit',
    view: 'View',
    reload: 'Reload',
    fullscreen: 'Full screen',
    help: 'Help',
    site: 'Public dashboard',
    about: 'About Tablero',
  },
} as const;

/** The application menu, in the app's language; `openDashboard` opens the public site in the browser. */
export function menuTemplate(
  lang: 'es' | 'en',
  openDashboard: () => void,
  about: () => void,
): MenuItemConstructorOptions[] {
  const t = LABELS[lang];
  return [
    { label: t.file, submenu: [{ label: t.quit, role: 'quit' }] },
    {
      label: t.edit,
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: t.view,
      submenu: [
        { label: t.reload, role: 'reload' },
        { label: t.fullscreen, role: 'togglefullscreen' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { role: 'resetZoom' },
      ],
    },
    {
      label: t.help,
      submenu: [
        { label: t.site, click: openDashboard },
        { label: t.about, click: about },
      ],
    },
  ];
}
