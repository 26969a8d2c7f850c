/**
 * A region failure is stored structured: the HTTP status and the reason a `RegionError` carries,
 * beside the message and time `0001` stored. Both are nullable, so rows written before this
 * migration keep their message and time and read back with no status and no reason. A status or
 * reason never exists without the failure it belongs to.
 */
export const REGION_ERROR_DETAIL_SQL = `
ALTER TABLE credkit_region_statuses
  ADD COLUMN error_status integer,
  ADD COLUMN error_reason text,
  ADD CONSTRAINT credkit_region_statuses_error_detail_check
    CHECK (error_at IS NOT NULL OR (error_status IS NULL AND error_reason IS NULL)),
  ADD CONSTRAINT credkit_region_statuses_error_status_check
    CHECK (error_status IS NULL OR error_status BETWEEN 100 AND 599);
`
