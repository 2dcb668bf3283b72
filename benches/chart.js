"use strict";
// A plain SVG bar chart of the ratios to node:sqlite: one panel per Node
// version, one group of horizontal bars per workload, on a log2 axis centred
// on 1× (same speed as node:sqlite).

const COLORS = {
  addon: "#d9480f",
  "better-sqlite3": "#1971c2",
  "ps-sqlite": "#2f9e44",
  "node:sqlite (A/A)": "#adb5bd",
};

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * panels: [{ title, rows: [{ label, bars: [{ driver, ratio }] }] }]
 * legend: [{ driver, label }]
 */
function barChart({ title, panels, legend }) {
  const minR = 1 / 4;
  const maxR = 4;
  const labelW = 250;
  const plotW = 330;
  const panelGap = 30;
  const barH = 8;
  const groupGap = 8;
  const top = 62;
  const bars = Math.max(...panels.flatMap((p) => p.rows.map((r) => r.bars.length)), 1);
  const groupH = bars * barH + groupGap;
  const rows = Math.max(...panels.map((p) => p.rows.length));
  const height = top + rows * groupH + 50;
  const panelW = plotW + 20;
  const width = labelW + panels.length * panelW + (panels.length - 1) * panelGap + 20;
  const x = (ratio) => (Math.log2(Math.min(maxR, Math.max(minR, ratio))) - Math.log2(minR)) / Math.log2(maxR / minR) * plotW;

  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="10" y="20" font-size="14" font-weight="bold">${esc(title)}</text>`);
  // Legend.
  let lx = 10;
  for (const { driver, label } of legend) {
    out.push(`<rect x="${lx}" y="30" width="10" height="10" fill="${COLORS[driver] ?? "#495057"}"/>`);
    out.push(`<text x="${lx + 14}" y="39">${esc(label)}</text>`);
    lx += 24 + label.length * 6.2;
  }
  // Workload labels (from the first panel).
  panels[0].rows.forEach((row, i) => {
    const y = top + i * groupH + (bars * barH) / 2 + 4;
    out.push(`<text x="${labelW - 8}" y="${y}" text-anchor="end">${esc(row.label)}</text>`);
  });
  panels.forEach((panel, p) => {
    const ox = labelW + p * (panelW + panelGap);
    const bottom = top + rows * groupH;
    out.push(`<text x="${ox + plotW / 2}" y="${top - 8}" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`);
    for (let r = minR; r <= maxR + 1e-9; r *= 2) {
      const gx = ox + x(r);
      const stroke = r === 1 ? "#212529" : "#dee2e6";
      out.push(`<line x1="${gx}" y1="${top - 4}" x2="${gx}" y2="${bottom}" stroke="${stroke}" stroke-width="${r === 1 ? 1.2 : 1}"/>`);
      const label = r >= 1 ? `${r}×` : `1/${1 / r}×`;
      out.push(`<text x="${gx}" y="${bottom + 14}" text-anchor="middle" fill="#495057">${label}</text>`);
    }
    panel.rows.forEach((row, i) => {
      row.bars.forEach((bar, b) => {
        if (!Number.isFinite(bar.ratio)) return;
        const y = top + i * groupH + b * barH;
        const x0 = ox + x(1);
        const x1 = ox + x(bar.ratio);
        const color = COLORS[bar.driver] ?? "#495057";
        out.push(
          `<rect x="${Math.min(x0, x1).toFixed(1)}" y="${y}" width="${Math.max(1, Math.abs(x1 - x0)).toFixed(1)}" height="${barH - 1}" fill="${color}"><title>${esc(`${bar.driver}: ${bar.ratio.toFixed(2)}×`)}</title></rect>`,
        );
      });
    });
    out.push(`<text x="${ox + plotW / 2}" y="${bottom + 30}" text-anchor="middle" fill="#495057">ops/s relative to node:sqlite (log scale; right = faster)</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}

module.exports = { barChart };
