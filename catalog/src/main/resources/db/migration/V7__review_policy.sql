-- The rule that made a decision no person made ("--auto-approve", "review.on_deadline: auto_approve"); null for a person.
ALTER TABLE review ADD COLUMN policy VARCHAR(100);
