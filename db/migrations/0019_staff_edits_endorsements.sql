CREATE TABLE `endorsements` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title_id` integer NOT NULL,
	`department_code` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`comment` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `endorsements_title_actor_uq` ON `endorsements` (`title_id`,`actor`);--> statement-breakpoint
CREATE TABLE `title_changes` (
	`id` text PRIMARY KEY NOT NULL,
	`title_id` integer NOT NULL,
	`field` text NOT NULL,
	`before` text,
	`after` text,
	`actor_role` text NOT NULL,
	`actor` text NOT NULL,
	`actor_name` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `title_changes_title_at_idx` ON `title_changes` (`title_id`,`at`);--> statement-breakpoint
ALTER TABLE `titles` ADD `edits` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `fund` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `quantity` integer;--> statement-breakpoint
ALTER TABLE `titles` ADD `vendor` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `staff_note` text;--> statement-breakpoint
ALTER TABLE `titles` ADD `assignee_id` integer REFERENCES patrons(id);--> statement-breakpoint
CREATE INDEX `titles_assignee_idx` ON `titles` (`assignee_id`);