/** `npm run conformance [-- --json]`: Appendix A coverage of the schema at DATABASE_URL (or npm start's cluster). */
import { conformanceReport } from '../db/conformance.ts';
import { withDatabase } from './database.ts';

await withDatabase(async (db) => {
  const report = await conformanceReport(db);
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    for (const c of report) {
      const mark = c.missing.length === 0 ? '✔' : c.implemented.length ? '◐' : '·';
      const tables = c.tables.length ? ` [${c.tables.join(', ')}]` : '';
      const missing = c.implemented.length && c.missing.length ? `  缺: ${c.missing.join('、')}` : '';
      console.log(
        `${mark} ${c.clause.padEnd(7)} ${c.name}${tables}  ${c.implemented.length}/${c.required}${missing}`,
      );
    }
    const fields = report.reduce((n, c) => n + c.implemented.length, 0);
    const required = report.reduce((n, c) => n + c.required, 0);
    const complete = report.filter((c) => c.missing.length === 0).length;
    const started = report.filter((c) => c.implemented.length > 0).length;
    console.log(
      `\n合计 Total: ${fields}/${required} required fields; ${complete}/${report.length} clauses complete, ${started} started.`,
    );
  }
});
