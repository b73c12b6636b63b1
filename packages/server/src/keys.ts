// `npm run keys -- create --role sales --name "Ann Lee"` | `list` | `revoke <id>`
// (`--role partner --partner ACME` binds a key to one partner):
// staff API keys, in the database DATABASE_URL or QUOTEKIT_DATA names (as the server does).
import { parseArgs } from 'node:util';
import { configFromEnv } from './serve.js';
import { openPGliteDatabase } from './db/pglite.js';
import { openPostgresDatabase } from './db/postgres.js';
import { createStaffKey, STAFF_ROLES } from './staff.js';
import { seedDemoData } from './db/seed.js';
import type { Database, StaffRole } from './db/database.js';

const USAGE = `Usage:
  npm run keys -- create --role sales|admin|billing --name "Ann Lee"
                                                                prints the new key once (--quiet: the key alone)
  npm run keys -- create --role partner --partner ACME --name "ACME portal"
                                                                a key that acts for partner ACME only
  npm run keys -- list                                          every key: id, name, role, created, revoked
Roles: sales places phone orders and lists its own; admin may do everything;
partner sees and acts for its one partner; billing posts billing statements only.
  npm run keys -- revoke <id>                                   the key stops working at once
The database is the server's: DATABASE_URL, or PGlite in QUOTEKIT_DATA (default .quotekit/data);
a database without partners gets the demo partners first, as the server's first start gives it.
With PGlite, stop the server first: one process at a time may open its data directory.`;

/**
 * Runs `fn` on the server's database (migrated on opening) and closes it. A
 * database with no partner yet first gets the demo partners, as the
 * server's first start gives it, so that a partner key can name one.
 */
async function withDb<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const config = configFromEnv();
  const db = config.databaseUrl
    ? await openPostgresDatabase({ connectionString: config.databaseUrl })
    : await openPGliteDatabase({ dataDir: config.dataDir });
  try {
    if (await db.isEmpty()) await seedDemoData(db);
    return await fn(db);
  } finally {
    await db.close();
  }
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      name: { type: 'string' },
      partner: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  const [command, id] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (command === 'create') {
    const role = values.role as StaffRole | undefined;
    const name = values.name?.trim();
    if (role === undefined || !STAFF_ROLES.includes(role) || !name) {
      console.error(`create needs --role (${STAFF_ROLES.join(', ')}) and --name.\n\n${USAGE}`);
      return 2;
    }
    if ((role === 'partner') !== (values.partner !== undefined)) {
      console.error(`--partner goes with --role partner, and only with it.\n\n${USAGE}`);
      return 2;
    }
    const partner = values.partner;
    const { key, record } = await withDb((db) =>
      createStaffKey(db, { name, role, ...(partner === undefined ? {} : { partner }) }),
    );
    if (values.quiet) console.log(key);
    else {
      const of = record.partnerId === null ? '' : ` acting for partner ${record.partnerId}`;
      console.log(`Created ${record.role} key ${record.id} for ${record.name}${of}.`);
      console.log(`Key (shown once; only its hash is stored): ${key}`);
    }
    return 0;
  }
  if (command === 'list') {
    const keys = await withDb((db) => db.listStaffKeys());
    if (keys.length === 0) console.log('No staff keys yet.');
    for (const key of keys) {
      console.log(
        [
          key.id,
          key.role.padEnd(7),
          key.createdAt,
          key.revokedAt ? `revoked ${key.revokedAt}` : 'active',
          key.partnerId === null ? key.name : `${key.name} (partner ${key.partnerId})`,
        ].join('  '),
      );
    }
    return 0;
  }
  if (command === 'revoke') {
    if (id === undefined) {
      console.error(`revoke needs the key's id (from \`list\`).\n\n${USAGE}`);
      return 2;
    }
    const done = await withDb((db) => db.revokeStaffKey(id, new Date().toISOString()));
    console.log(done ? `Revoked ${id}.` : `No active key ${id}.`);
    return done ? 0 : 1;
  }
  console.error(`Unknown command ${command}.\n\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
