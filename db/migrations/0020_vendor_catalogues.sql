CREATE TABLE `catalogue_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`catalogue_id` integer NOT NULL,
	`work_key` text NOT NULL,
	`isbn13` text,
	`title` text NOT NULL,
	`authors` text NOT NULL,
	`publisher` text,
	`published_year` integer,
	`price_cents` integer,
	`price_currency` text,
	`class_number` text,
	`line` integer NOT NULL,
	FOREIGN KEY (`catalogue_id`) REFERENCES `catalogues`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalogue_entries_work_uq` ON `catalogue_entries` (`catalogue_id`,`work_key`);--> statement-breakpoint
CREATE INDEX `catalogue_entries_work_idx` ON `catalogue_entries` (`work_key`);--> statement-breakpoint
CREATE INDEX `catalogue_entries_class_idx` ON `catalogue_entries` (`class_number`);--> statement-breakpoint
CREATE TABLE `catalogues` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`vendor` text NOT NULL,
	`issued` text NOT NULL,
	`expires` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `catalogues_vendor_name_uq` ON `catalogues` (`vendor`,`name`);