export { APPEND_ONLY_TABLES, migrations, type Migration } from './list.ts';
export { migrate, type MigrationReport } from './migrate.ts';
export { adoptSchema, ensureRoles, grantAppRole } from './app-role.ts';
