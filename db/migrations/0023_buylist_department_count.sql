DROP INDEX `suggestions_department_idx`;--> statement-breakpoint
CREATE INDEX `suggestions_department_idx` ON `suggestions` (`department_code`,`title_id`);--> statement-breakpoint
CREATE INDEX `titles_stage_discipline_idx` ON `titles` (`stage`,`discipline`);