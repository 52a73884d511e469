-- Provider limits that hold across every worker. A submission holds one of its provider's max-concurrent slots from
-- the moment it is marked until the check that sees its job end records ended_at (or until the provider's
-- max-job-wait has passed since sent_at, so a job whose workflow is gone frees its slot in the end). answered_at is
-- when the provider's answer to the submit was recorded: max-per-second counts submits answered within its window or
-- not answered yet. A submit takes a slot while it holds its provider's row in provider_submit_lock
-- (SELECT ... FOR UPDATE): submits to one provider from any number of processes count and insert one at a time.
ALTER TABLE provider_submission ADD COLUMN answered_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE provider_submission ADD COLUMN ended_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX provider_submission_sent ON provider_submission (provider, sent_at);
CREATE TABLE provider_submit_lock (
  provider VARCHAR(64) PRIMARY KEY
);
