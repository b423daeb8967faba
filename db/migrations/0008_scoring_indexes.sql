DROP INDEX `titles_status_score_idx`;--> statement-breakpoint
CREATE INDEX `suggestions_title_requesters_idx` ON `suggestions` (`title_id`,`category`,`department_code`,`need_by`);