/**
 * `npm run db:migrate | db:rollback [-- --all] | db:seed [-- --scale=N --force]` against DATABASE_URL, or against
 * the embedded cluster of `npm start` when it is not set.
 */
import { migrateLatest, rollback } from '../db/migrate.ts';
import { withDatabase } from './database.ts';

const [command, ...args] = process.argv.slice(2);

await withDatabase(async (db) => {
  if (command === 'migrate') {
    const applied = await migrateLatest(db);
    console.log(applied.length ? `applied:\n  ${applied.join('\n  ')}` : 'already up to date');
  } else if (command === 'rollback') {
    const undone = await rollback(db, args.includes('--all'));
    console.log(undone.length ? `rolled back:\n  ${undone.join('\n  ')}` : 'nothing to roll back');
  } else if (command === 'seed') {
    const { seedAll } = await import('../seeds/index.ts');
    const scaleArg = args.find((a) => a.startsWith('--scale='));
    await seedAll(db, { scale: scaleArg ? Number(scaleArg.slice(8)) : 1, force: args.includes('--force') });
    console.log('seeded');
  } else {
    console.error('usage: tsx scripts/db.ts migrate | rollback [--all] | seed [--scale=N] [--force]');
    process.exitCode = 2;
  }
});
