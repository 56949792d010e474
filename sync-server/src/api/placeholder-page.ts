import type { PublicIndex } from './public-store.js';

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );

/** A plain server-rendered overview until the dashboard is built; reads only public data. */
export function placeholderPage(index: PublicIndex): string {
  const plans = index.plans
    .map((plan) => {
      const commitments = (index.commitmentsByPlan.get(plan._id) ?? [])
        .map(
          (c) =>
            `<li><span>${c.number}. ${escapeHtml(c.title)}</span> <progress max="100" value="${c.progress}" aria-label="${escapeHtml(c.title)}">${c.progress} %</progress> ${c.progress} %</li>`,
        )
        .join('');
      return `<section><h2>${escapeHtml(plan.title)}</h2><p>Avance general: <strong>${plan.progress} %</strong> · ${plan.commitmentCount} compromisos</p><ol>${commitments}</ol></section>`;
    })
    .join('');
  return `<!doctype html><html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Tablero de gobierno abierto</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}li{margin:.4rem 0}progress{width:10rem}.demo{background:#fff4c2;padding:.5rem;border:1px solid #b38f00}</style></head>
<body><h1>Tablero de gobierno abierto</h1><p class="demo">Las acciones clave y los reportes de avance mostrados son datos de demostración.</p>${plans}
<p>Datos abiertos: <a href="/api/openapi.json">API pública</a></p></body></html>`;
}
