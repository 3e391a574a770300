// Exports the world-and-chain diagram for slides and wiki pages: a self-contained SVG (every
// CSS variable replaced by the colour the current light or dark scheme gives it, the
// background painted) and a PNG drawn from that SVG on a canvas at twice the size.
import { downloadBlob, fileSlug } from './dom.js';

/** A file name from the scenario's title: "Who can read prod-data" → "who-can-read-prod-data-diagram.svg". */
export function exportName(title, ext) {
  return `${fileSlug(title)}-diagram.${ext}`;
}

/**
 * `var(--name, fallback)` → the value `resolve(name)` gives (else the fallback). Pure: the page
 * passes a resolver that reads the computed style of the drawn diagram.
 */
export function resolveVars(svgText, resolve) {
  return svgText.replace(/var\(--([\w-]+)(?:,\s*([^)]+))?\)/g, (_, name, fallback) => {
    const v = resolve(name);
    return v || (fallback ? fallback.trim() : 'currentColor');
  });
}

/** The drawn diagram as standalone SVG text, in the colours the page shows now. */
export function svgForExport(svgEl) {
  const style = getComputedStyle(svgEl);
  const text = new XMLSerializer().serializeToString(svgEl);
  const out = resolveVars(text, (name) => style.getPropertyValue(`--${name}`).trim());
  return `<?xml version="1.0" encoding="UTF-8"?>\n${out}\n`;
}

/** Download the diagram as an SVG file. */
export function downloadSvg(svgEl, title) {
  downloadBlob(exportName(title, 'svg'), new Blob([svgForExport(svgEl)], { type: 'image/svg+xml' }));
}

/** The diagram as a PNG blob at `scale` times its size. */
export function pngBlob(svgEl, scale = 2) {
  const text = svgForExport(svgEl);
  const w = Number(svgEl.getAttribute('width')) || svgEl.clientWidth || 800;
  const h = Number(svgEl.getAttribute('height')) || svgEl.clientHeight || 600;
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      try {
        const canvas = document.createElement('canvas');
        canvas.width = Math.round(w * scale);
        canvas.height = Math.round(h * scale);
        const ctx = canvas.getContext('2d');
        ctx.scale(scale, scale);
        ctx.drawImage(img, 0, 0, w, h);
        canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png');
      } catch (e) {
        reject(e);
      }
    };
    img.onerror = () => reject(new Error('the browser could not draw the SVG'));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`;
  });
}

/** Download the diagram as a PNG file (2× scale). */
export async function downloadPng(svgEl, title) {
  downloadBlob(exportName(title, 'png'), await pngBlob(svgEl, 2));
}
