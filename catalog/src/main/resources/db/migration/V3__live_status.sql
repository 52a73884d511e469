-- Workflows since the catalog-live-status change record every change of their status, so the API answers status
-- requests from here: live_status marks the storyboards that do, pending_reviews_json holds what waits for a reviewer.
ALTER TABLE storyboard ADD COLUMN live_status BOOLEAN DEFAULT FALSE NOT NULL;
ALTER TABLE shot ADD COLUMN pending_reviews_json TEXT;
