/**
 * The current dashboard view as one PNG: title and date, the KPI figures, the map canvas (base map, choropleth
 * and deck.gl hexagons — one WebGL canvas kept with preserveDrawingBuffer) and the legend, drawn on a 2D canvas.
 */

export interface ExportFigure {
  label: string;
  value: string;
}

export interface ExportLegend {
  title: string;
  items: { color: string; label: string }[];
}

export interface ExportView {
  title: string;
  subtitle: string;
  figures: ExportFigure[];
  mapCanvas: HTMLCanvasElement;
  legends: ExportLegend[];
  footer: string;
}

const FONT = "'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', sans-serif";

export async function renderPng(view: ExportView): Promise<Blob> {
  const map = view.mapCanvas;
  const scale = Math.max(1, map.width / Math.max(1, map.clientWidth || map.width));
  const pad = 24 * scale;
  const width = map.width + pad * 2;
  const headerH = 72 * scale;
  const figuresH = 84 * scale;
  const footerH = 36 * scale;
  const height = headerH + figuresH + map.height + footerH + pad;

  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width);
  canvas.height = Math.round(height);
  const g = canvas.getContext('2d');
  if (!g) throw new Error('2D canvas unavailable');
  const px = (n: number) => `${Math.round(n * scale)}px`;

  g.fillStyle = '#f3f5f8';
  g.fillRect(0, 0, width, height);
  // Header band.
  g.fillStyle = '#0c2d57';
  g.fillRect(0, 0, width, headerH);
  g.fillStyle = '#ffffff';
  g.textBaseline = 'middle';
  g.font = `600 ${px(22)} ${FONT}`;
  g.fillText(view.title, pad, headerH / 2);
  g.font = `${px(14)} ${FONT}`;
  g.textAlign = 'right';
  g.fillText(view.subtitle, width - pad, headerH / 2);
  g.textAlign = 'left';

  // KPI figures in equal boxes.
  const gap = 10 * scale;
  const boxW = (width - pad * 2 - gap * (view.figures.length - 1)) / Math.max(1, view.figures.length);
  const boxTop = headerH + 12 * scale;
  const boxH = figuresH - 24 * scale;
  view.figures.forEach((figure, i) => {
    const x = pad + i * (boxW + gap);
    g.fillStyle = '#ffffff';
    g.fillRect(x, boxTop, boxW, boxH);
    g.fillStyle = '#2b6cc4';
    g.fillRect(x, boxTop, 4 * scale, boxH);
    g.fillStyle = '#5d6b82';
    g.font = `${px(12)} ${FONT}`;
    g.fillText(figure.label, x + 14 * scale, boxTop + 16 * scale, boxW - 20 * scale);
    g.fillStyle = '#0c2d57';
    g.font = `600 ${px(22)} ${FONT}`;
    g.fillText(figure.value, x + 14 * scale, boxTop + 42 * scale, boxW - 20 * scale);
  });

  // The map.
  const mapTop = headerH + figuresH;
  g.drawImage(map, pad, mapTop);
  g.strokeStyle = '#b8c2d1';
  g.lineWidth = scale;
  g.strokeRect(pad, mapTop, map.width, map.height);

  // Legends, bottom left of the map.
  let legendBottom = mapTop + map.height - 12 * scale;
  for (const legend of [...view.legends].reverse()) {
    const rowH = 18 * scale;
    const boxHeight = (legend.items.length + 1) * rowH + 14 * scale;
    const boxWidth = 190 * scale;
    const left = pad + 12 * scale;
    const top = legendBottom - boxHeight;
    g.fillStyle = 'rgba(255,255,255,0.94)';
    g.fillRect(left, top, boxWidth, boxHeight);
    g.strokeRect(left, top, boxWidth, boxHeight);
    g.fillStyle = '#1d2939';
    g.font = `600 ${px(12)} ${FONT}`;
    g.fillText(legend.title, left + 10 * scale, top + 7 * scale + rowH / 2, boxWidth - 20 * scale);
    g.font = `${px(12)} ${FONT}`;
    legend.items.forEach((item, i) => {
      const y = top + 7 * scale + rowH * (i + 1);
      g.fillStyle = item.color;
      g.fillRect(left + 10 * scale, y + 3 * scale, 22 * scale, rowH - 6 * scale);
      g.fillStyle = '#1d2939';
      g.fillText(item.label, left + 40 * scale, y + rowH / 2);
    });
    legendBottom = top - 8 * scale;
  }

  g.fillStyle = '#5d6b82';
  g.font = `${px(12)} ${FONT}`;
  g.fillText(view.footer, pad, mapTop + map.height + footerH / 2 + 4 * scale, width - pad * 2);

  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('PNG encoding failed'))), 'image/png'),
  );
}

/** Saves `blob` as `fileName` through a temporary link (the browser's download). */
export function download(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
