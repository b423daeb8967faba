ALTER TABLE `notifications` ADD `claim` text;--> statement-breakpoint
ALTER TABLE `notifications` ADD `locked_until` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `email_sent_at` integer;--> statement-breakpoint
ALTER TABLE `notifications` ADD `webhook_sent_at` integer;--> statement-breakpoint
ALTER TABLE `patrons` ADD `webhook_url` text;