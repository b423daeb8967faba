CREATE TABLE `department_disciplines` (
	`department_code` text NOT NULL,
	`discipline` text NOT NULL,
	PRIMARY KEY(`department_code`, `discipline`),
	FOREIGN KEY (`department_code`) REFERENCES `departments`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `discipline_holdings` (
	`discipline` text PRIMARY KEY NOT NULL,
	`items` integer NOT NULL,
	`titles` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `holding_isbns` (
	`isbn13` text NOT NULL,
	`holding_id` integer NOT NULL,
	PRIMARY KEY(`isbn13`, `holding_id`),
	FOREIGN KEY (`holding_id`) REFERENCES `holdings`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `holding_isbns_holding_idx` ON `holding_isbns` (`holding_id`);--> statement-breakpoint
CREATE TABLE `holdings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`record_key` text NOT NULL,
	`title` text,
	`call_number` text,
	`discipline` text,
	`items` integer DEFAULT 1 NOT NULL,
	`location` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holdings_record_key_unique` ON `holdings` (`record_key`);--> statement-breakpoint
CREATE TABLE `import_runs` (
	`file_key` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`file_name` text NOT NULL,
	`records` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`batch_mark` integer DEFAULT 0 NOT NULL,
	`rejections` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `loan_aggregates` (
	`discipline` text NOT NULL,
	`department_code` text NOT NULL,
	`month` text NOT NULL,
	`loans` integer NOT NULL,
	PRIMARY KEY(`discipline`, `department_code`, `month`)
);
--> statement-breakpoint
CREATE TABLE `loans` (
	`id` integer PRIMARY KEY NOT NULL,
	`loan_key` text,
	`loaned_at` integer NOT NULL,
	`month` text NOT NULL,
	`isbn13` text,
	`call_number` text,
	`discipline` text,
	`department_code` text,
	`patron_category` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `loans_loan_key_uq` ON `loans` (`loan_key`) WHERE loan_key IS NOT NULL;