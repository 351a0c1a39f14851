DROP TABLE assignment_batch_items;
DROP INDEX assignment_batches_draft_idx;
DROP TABLE assignment_batches;
