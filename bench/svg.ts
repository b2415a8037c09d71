/**
 * A bar chart of ratios (dwc-resp / Redis) as a self-contained SVG: one bar per label, a solid
 * line at 1.0x (parity) and dashed lines at the given target ratios. Missing ratios (NaN) are
 * drawn as an empty slot marked "n/a".
 */

export interface Bar {
  label: string;
  value: number;
}

export interface ChartOptions {
  title: string;
  /** Dashed reference lines, e.g. [0.8]. */
  guides?: readonly number[];
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderRatioChart(bars: readonly Bar[], options: ChartOptions): string {
  const barW = 34;
  const gap = 14;
  const left = 48;
  const top = 36;
  const plotH = 220;
  const bottom = 110;
  const width = left + bars.length * (barW + gap) + gap + 16;
  const height = top + plotH + bottom;
  const finite = bars.map((b) => b.value).filter(Number.isFinite);
  const maxV = Math.max(1.2, ...finite) * 1.08;
  const y = (v: number): number => top + plotH - (v / maxV) * plotH;

  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push(`<text x="${left}" y="20" font-size="14" font-weight="bold">${esc(options.title)}</text>`);
  for (let t = 0; t <= maxV; t += 0.25) {
    out.push(`<line x1="${left}" x2="${width - 8}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/>`);
    out.push(`<text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end" fill="#555">${t.toFixed(2)}x</text>`);
  }
  bars.forEach((b, i) => {
    const x = left + gap + i * (barW + gap);
    const cx = x + barW / 2;
    if (Number.isFinite(b.value)) {
      const color = b.value >= 1 ? '#2a9d5c' : b.value >= 0.8 ? '#e0a100' : '#d1495b';
      out.push(`<rect x="${x}" y="${y(b.value).toFixed(1)}" width="${barW}" height="${(top + plotH - y(b.value)).toFixed(1)}" fill="${color}"/>`);
      out.push(`<text x="${cx}" y="${(y(b.value) - 4).toFixed(1)}" text-anchor="middle">${b.value.toFixed(2)}</text>`);
    } else {
      out.push(`<text x="${cx}" y="${top + plotH - 6}" text-anchor="middle" fill="#999">n/a</text>`);
    }
    const ly = top + plotH + 10;
    out.push(`<text x="${cx}" y="${ly}" transform="rotate(45 ${cx} ${ly})" fill="#333">${esc(b.label)}</text>`);
  });
  out.push(`<line x1="${left}" x2="${width - 8}" y1="${y(1).toFixed(1)}" y2="${y(1).toFixed(1)}" stroke="#333" stroke-width="1.5"/>`);
  for (const g of options.guides ?? []) {
    out.push(`<line x1="${left}" x2="${width - 8}" y1="${y(g).toFixed(1)}" y2="${y(g).toFixed(1)}" stroke="#333" stroke-dasharray="4 3"/>`);
  }
  out.push(`<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotH}" stroke="#333"/>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
