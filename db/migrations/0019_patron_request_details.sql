ALTER TABLE `suggestions` ADD `publisher` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `published_year` integer;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `edition` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `series` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `pickup_branch` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `staff_note` text;