-- The two aggregates below are upserted for nearly every imported loan: WITHOUT ROWID keeps
-- each in one B-tree (its key) instead of a table and an index.
CREATE TABLE `class_loans` (
	`class_key` text NOT NULL,
	`month` text NOT NULL,
	`loans` integer NOT NULL,
	PRIMARY KEY(`class_key`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `edition_loans` (
	`edition_key` text NOT NULL,
	`month` text NOT NULL,
	`loans` integer NOT NULL,
	`ill_loans` integer DEFAULT 0 NOT NULL,
	`reserve_loans` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`edition_key`, `month`)
) WITHOUT ROWID;
--> statement-breakpoint
CREATE TABLE `ill_requests` (
	`id` integer PRIMARY KEY NOT NULL,
	`source` text NOT NULL,
	`request_key` text NOT NULL,
	`title_key` text,
	`author_key` text,
	`isbn13` text,
	`month` text NOT NULL,
	`department_code` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `ill_requests_key_uq` ON `ill_requests` (`source`,`request_key`);--> statement-breakpoint
CREATE INDEX `ill_requests_title_idx` ON `ill_requests` (`title_key`);--> statement-breakpoint
CREATE INDEX `ill_requests_isbn_idx` ON `ill_requests` (`isbn13`);--> statement-breakpoint
CREATE TABLE `loan_editions` (
	`edition_key` text PRIMARY KEY NOT NULL,
	`work_key` text,
	`shelf_key` text,
	`title_key` text,
	`author_key` text,
	`class_key` text,
	`published` integer,
	`copies` integer DEFAULT 0 NOT NULL,
	`first_month` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `loan_editions_work_idx` ON `loan_editions` (`work_key`);--> statement-breakpoint
CREATE INDEX `loan_editions_shelf_idx` ON `loan_editions` (`shelf_key`);--> statement-breakpoint
CREATE INDEX `loan_editions_title_idx` ON `loan_editions` (`title_key`);--> statement-breakpoint
CREATE INDEX `loan_editions_author_idx` ON `loan_editions` (`author_key`);--> statement-breakpoint
CREATE INDEX `loan_editions_class_idx` ON `loan_editions` (`class_key`,`first_month`);--> statement-breakpoint
ALTER TABLE `loans` ADD `flags` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `titles` ADD `class_key` text;