CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`role` text NOT NULL,
	`patron_id` integer,
	`department_code` text,
	`label` text,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`patron_id`) REFERENCES `patrons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `departments` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`liaison_email` text,
	`locale` text DEFAULT 'en' NOT NULL,
	`fund` text,
	`budget_cents` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` text PRIMARY KEY NOT NULL,
	`dedupe_key` text NOT NULL,
	`patron_id` integer,
	`title_id` integer,
	`event_id` text,
	`kind` text NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`payload` text DEFAULT '{}' NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`patron_id`) REFERENCES `patrons`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notifications_dedupe_key_unique` ON `notifications` (`dedupe_key`);--> statement-breakpoint
CREATE INDEX `notifications_due_idx` ON `notifications` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `patrons` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`external_id` text NOT NULL,
	`email` text,
	`display_name` text,
	`department_code` text,
	`category` text DEFAULT 'public' NOT NULL,
	`locale` text DEFAULT 'en' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patrons_external_id_unique` ON `patrons` (`external_id`);--> statement-breakpoint
CREATE TABLE `status_events` (
	`id` text PRIMARY KEY NOT NULL,
	`title_id` integer NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`actor_role` text NOT NULL,
	`actor` text NOT NULL,
	`reason` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `status_events_title_at_idx` ON `status_events` (`title_id`,`at`);--> statement-breakpoint
CREATE TABLE `suggestions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`request_id` text NOT NULL,
	`title_id` integer NOT NULL,
	`patron_id` integer NOT NULL,
	`department_code` text,
	`category` text NOT NULL,
	`format` text DEFAULT 'print' NOT NULL,
	`reason` text,
	`need_by` text,
	`wants_hold` integer DEFAULT false NOT NULL,
	`channel` text NOT NULL,
	`given_isbn` text,
	`given_title` text,
	`given_author` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`patron_id`) REFERENCES `patrons`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_request_id_unique` ON `suggestions` (`request_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `suggestions_title_patron_uq` ON `suggestions` (`title_id`,`patron_id`);--> statement-breakpoint
CREATE INDEX `suggestions_patron_created_idx` ON `suggestions` (`patron_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `suggestions_department_idx` ON `suggestions` (`department_code`,`id`);--> statement-breakpoint
CREATE TABLE `titles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`work_key` text NOT NULL,
	`isbn13` text,
	`title` text,
	`author` text,
	`status` text NOT NULL,
	`status_changed_at` integer NOT NULL,
	`requester_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `titles_work_key_unique` ON `titles` (`work_key`);--> statement-breakpoint
CREATE INDEX `titles_status_id_idx` ON `titles` (`status`,`id`);