/** Test helpers for documents and notices: read a PDF's text back, insert a household to write about. */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { Db } from '../db/knex.ts';

/** The text of every page of a PDF, pages joined by a form feed; the items of a page joined without spaces. */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const pages: string[] = [];
  for (let n = 1; n <= pdf.numPages; n++) {
    const content = await (await pdf.getPage(n)).getTextContent();
    pages.push(content.items.map((item) => ('str' in item ? item.str : '')).join(''));
  }
  await pdf.destroy();
  return pages.join('\f');
}

let serial = 0;

export interface TestHousehold {
  id: number;
  application_no: string;
  region_code: string;
  applicant_name: string;
  id_number: string;
  phone: string;
}

/** A household inserted directly (no service rules) in the first community of `district`; returns its row. */
export async function insertHousehold(
  db: Db,
  district: string,
  row: { applicant_name: string; id_number?: string; phone?: string; household_size?: number },
) {
  serial += 1;
  const community = await db<{ code: string }>('regions')
    .where('level', 5)
    .where('code', 'like', `${district.slice(0, 6)}%`)
    .orderBy('code')
    .first('code');
  if (!community) throw new Error(`no community in ${district}`);
  const [household] = await db('households')
    .insert({
      application_no: `SQ-T-${district.slice(0, 6)}-${process.pid}-${serial}`,
      registration_year: 2026,
      id_number: '230103198506121234',
      phone: '13945678901',
      household_size: 3,
      region_code: community.code,
      ...row,
    })
    .returning<TestHousehold[]>([
      'id',
      'application_no',
      'region_code',
      'applicant_name',
      'id_number',
      'phone',
    ]);
  return household!;
}
