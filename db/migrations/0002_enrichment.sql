CREATE TABLE `jobs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`subject` text NOT NULL,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`run_after` integer NOT NULL,
	`claim` text,
	`locked_until` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `jobs_kind_subject_uq` ON `jobs` (`kind`,`subject`);--> statement-breakpoint
CREATE INDEX `jobs_due_idx` ON `jobs` (`status`,`run_after`);--> statement-breakpoint
CREATE TABLE `metadata_cache` (
	`key` text PRIMARY KEY NOT NULL,
	`provider` text NOT NULL,
	`body` text,
	`fetched_at` integer NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `titles` ADD `metadata` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `discipline` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `price_cents` integer;--> statement-breakpoint
ALTER TABLE `titles` ADD `price_currency` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `held_items` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `titles` ADD `held_where` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `proposal` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `enriched_at` integer;