CREATE TABLE `feedback` (
	`suggestion_id` integer PRIMARY KEY NOT NULL,
	`title_id` integer NOT NULL,
	`token` text,
	`expires_at` integer NOT NULL,
	`answer` text,
	`note` text,
	`answered_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`suggestion_id`) REFERENCES `suggestions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_token_unique` ON `feedback` (`token`);--> statement-breakpoint
CREATE INDEX `feedback_title_idx` ON `feedback` (`title_id`);