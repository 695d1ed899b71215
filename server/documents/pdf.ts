/**
 * Printed documents in the layout of a government notice (after GB/T 9704-2012 党政机关公文格式): A4, margins
 * 37/26/35/28 mm, the title centred at 22 pt, the 文号 below it, the addressee flush left, body paragraphs at 16 pt
 * with a two-character first-line indent, the issuing office and date at the bottom right, and "— n —" page
 * numbers. Set in one CJK font (Noto Sans CJK SC by default; DOCUMENT_FONT). Pure: data in, PDF bytes out.
 */
import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { documentFont, type DocumentFont } from '../config.ts';

const MM = 72 / 25.4;
const MARGINS = { top: 37 * MM, right: 26 * MM, bottom: 35 * MM, left: 28 * MM };
const TITLE_SIZE = 22; // 二号
const BODY_SIZE = 16; // 三号
const TABLE_SIZE = 11;
const LINE_GAP = 9; // ~ 22 lines per page at 16 pt, as GB/T 9704 asks

export interface DocumentTable {
  columns: { header: string; width: number /* share of the text width */ }[];
  rows: string[][];
}

export interface DocumentSpec {
  title: string;
  /** 文号, e.g. 南岗区住保准字〔2026〕3号. */
  number: string;
  /** 主送: the addressee line, e.g. "张三：" (empty for a public notice). */
  addressee: string;
  /** Paragraphs of the body, already filled in. */
  paragraphs: string[];
  /** A table after the body (the applicants of a notice). */
  table?: DocumentTable;
  /** The issuing office (落款). */
  office: string;
  /** The date printed under the office; also the PDF's creation date, so a re-render is byte-identical. */
  date: Date;
}

/** The operator's font setup is unusable: the message says what to install or set. */
export class DocumentFontMissing extends Error {
  constructor(
    readonly font: DocumentFont,
    reason = `文书字体不存在：${font.path}。请安装 Noto CJK 字体（Debian: apt-get install fonts-noto-cjk），` +
      '或用环境变量 DOCUMENT_FONT（及 DOCUMENT_FONT_FACE）指定一个含中文字形的字体文件',
  ) {
    super(reason);
  }
}

function checkFont(font: DocumentFont): void {
  if (!existsSync(font.path)) throw new DocumentFontMissing(font);
  // A collection holds several faces; pdfkit cannot guess which one is meant.
  if (/\.(ttc|otc)$/i.test(font.path) && !font.face)
    throw new DocumentFontMissing(
      font,
      `字体文件 ${font.path} 是字体集合：请用环境变量 DOCUMENT_FONT_FACE 指定其中的字形名称（如 NotoSansCJKsc-Regular）`,
    );
}

/** 2026年11月27日 in Beijing time: 公文 dates use Arabic numerals (GB/T 9704-2012 7.3.5.3). */
export function chineseDate(date: Date): string {
  const [y, m, d] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' })
    .format(date)
    .split('-')
    .map(Number);
  return `${y}年${m}月${d}日`;
}

export async function renderPdf(spec: DocumentSpec, font: DocumentFont = documentFont()): Promise<Buffer> {
  checkFont(font);
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGINS,
    bufferPages: true,
    info: { Title: spec.title, Creator: '住房保障信息系统', CreationDate: spec.date, ModDate: spec.date },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (font.face) doc.registerFont('cjk', font.path, font.face);
  else doc.registerFont('cjk', font.path);
  doc.font('cjk');
  layout(doc, spec);
  numberPages(doc);
  doc.end();
  return done;
}

function layout(doc: PDFKit.PDFDocument, spec: DocumentSpec): void {
  const width = doc.page.width - MARGINS.left - MARGINS.right;
  doc.fontSize(TITLE_SIZE).text(spec.title, { align: 'center', width, lineGap: 6 });
  doc.moveDown(0.6);
  doc.fontSize(BODY_SIZE).text(spec.number, { align: 'center', width });
  doc.moveDown(1);
  if (spec.addressee) doc.text(spec.addressee, { width, lineGap: LINE_GAP });
  for (const paragraph of spec.paragraphs) {
    // A first-line indent of two characters ( 首行缩进两字).
    doc.text(paragraph, { width, lineGap: LINE_GAP, indent: 2 * BODY_SIZE, align: 'justify' });
  }
  if (spec.table) drawTable(doc, spec.table, width);
  signature(doc, spec, width);
}

/** The office and the date right-aligned, the date kept with the office on one page (GB/T 9704 7.3.5). */
function signature(doc: PDFKit.PDFDocument, spec: DocumentSpec, width: number): void {
  const date = chineseDate(spec.date);
  const needed = 3 * (BODY_SIZE + LINE_GAP) + BODY_SIZE;
  if (doc.y + needed > doc.page.height - MARGINS.bottom) doc.addPage();
  doc.moveDown(2);
  // Right edge indented by four characters, as offices print it; the date centred under the office.
  const right = 4 * BODY_SIZE;
  const officeWidth = Math.max(doc.widthOfString(spec.office), doc.widthOfString(date));
  const x = MARGINS.left + width - right - officeWidth;
  doc.text(spec.office, x, doc.y, { width: officeWidth, align: 'center', lineGap: LINE_GAP });
  doc.text(date, x, doc.y, { width: officeWidth, align: 'center' });
  doc.x = MARGINS.left;
}

function drawTable(doc: PDFKit.PDFDocument, table: DocumentTable, width: number): void {
  const shares = table.columns.reduce((sum, c) => sum + c.width, 0);
  const widths = table.columns.map((c) => (c.width / shares) * width);
  const padding = 4;
  const rowHeight = (cells: string[]) =>
    Math.max(
      ...cells.map((cell, i) => doc.heightOfString(cell || ' ', { width: widths[i]! - 2 * padding })),
    ) +
    2 * padding;
  const drawRow = (cells: string[], header: boolean) => {
    const height = rowHeight(cells);
    if (doc.y + height > doc.page.height - MARGINS.bottom) {
      doc.addPage();
      if (!header)
        drawRow(
          table.columns.map((c) => c.header),
          true,
        );
    }
    const top = doc.y;
    let x = MARGINS.left;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, top, w, height).fillAndStroke('#eeeeee', '#000000').fillColor('#000000');
      else doc.rect(x, top, w, height).stroke('#000000');
      doc.text(cell, x + padding, top + padding, { width: w - 2 * padding, align: 'center' });
      x += w;
    });
    doc.x = MARGINS.left;
    doc.y = top + height;
  };
  doc.moveDown(0.5);
  doc.fontSize(TABLE_SIZE).lineWidth(0.5);
  drawRow(
    table.columns.map((c) => c.header),
    true,
  );
  for (const row of table.rows) drawRow(row, false);
  doc.fontSize(BODY_SIZE);
}

/** "— 1 —" centred under the text block of every page (GB/T 9704 7.5). */
function numberPages(doc: PDFKit.PDFDocument): void {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // writing into the margin must not open a new page
    doc
      .fontSize(14)
      .text(`— ${i + 1} —`, 0, doc.page.height - bottom + 7 * MM, { width: doc.page.width, align: 'center' });
    doc.page.margins.bottom = bottom;
  }
}
