CREATE TABLE `ils_holds` (
	`title_id` integer NOT NULL,
	`patron_id` integer NOT NULL,
	`hold_id` text,
	`last_error` text,
	`placed_at` integer,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`title_id`, `patron_id`),
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`patron_id`) REFERENCES `patrons`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `ils_records` (
	`title_id` integer PRIMARY KEY NOT NULL,
	`ils` text NOT NULL,
	`key` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`claim` text,
	`locked_until` integer,
	`ils_id` text,
	`ils_number` text,
	`line_id` text,
	`line_number` text,
	`record_id` text,
	`ils_status` text,
	`sent_at` integer,
	`synced_at` integer,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `ils_records_due_idx` ON `ils_records` (`status`,`next_attempt_at`);