/** Name of the leader DataSource: every write and every transactional read. */
export const PRIMARY = 'primary';

/** Key of pg_advisory_lock taken while migrations run, so that concurrent start-ups serialise. */
export const MIGRATION_LOCK_KEY = 727_001;
