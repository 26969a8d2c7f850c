/**
 * The indexes two sync reads need so their cost follows what they return: one region's statuses
 * of an account (`listRegionStatuses`, `prepareRegion`), and the due jobs of one region, oldest
 * first (`claim` with a region, as the worker claims region by region). The primary keys lead
 * with the credential, which answers neither.
 */
export const SYNC_INDEXES_SQL = `
CREATE INDEX credkit_region_statuses_region_idx ON credkit_region_statuses (account_id, region);
CREATE INDEX credkit_sync_jobs_region_run_at_idx ON credkit_sync_jobs (region, run_at);
`
