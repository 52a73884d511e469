-- The providers a take's call went through, e.g. "kling" or after a failover "kling→fal" (null for older takes).
ALTER TABLE take ADD COLUMN route VARCHAR(200);
