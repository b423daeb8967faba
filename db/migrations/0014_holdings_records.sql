CREATE TABLE `holdings_records` (
	`record_key` text PRIMARY KEY NOT NULL,
	`bib_key` text NOT NULL,
	`bib_key_bare` text NOT NULL,
	`call_number` text,
	`discipline` text,
	`items` integer NOT NULL,
	`location` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `holdings_records_bib_idx` ON `holdings_records` (`bib_key`);--> statement-breakpoint
CREATE INDEX `holdings_records_bib_bare_idx` ON `holdings_records` (`bib_key_bare`);--> statement-breakpoint
ALTER TABLE `holdings` ADD `authors` text;--> statement-breakpoint
ALTER TABLE `holdings` ADD `publisher` text;--> statement-breakpoint
ALTER TABLE `holdings` ADD `published_year` integer;--> statement-breakpoint
ALTER TABLE `holdings` ADD `price_cents` integer;--> statement-breakpoint
ALTER TABLE `holdings` ADD `price_currency` text;