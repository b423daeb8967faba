ALTER TABLE `titles` ADD `stage` text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
CREATE INDEX `titles_stage_score_idx` ON `titles` (`stage`,"score" DESC,`id`);