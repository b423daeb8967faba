CREATE TABLE `app_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `titles` ADD `lcc_sort` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `score` real;--> statement-breakpoint
ALTER TABLE `titles` ADD `score_components` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `scored_at` integer;--> statement-breakpoint
CREATE INDEX `titles_status_score_idx` ON `titles` (`status`,`score`);