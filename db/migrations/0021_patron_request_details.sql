ALTER TABLE `holdings` ADD `ils_record_id` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `publisher` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `published_year` integer;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `edition` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `series` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `pickup_branch` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `note_to_staff` text;