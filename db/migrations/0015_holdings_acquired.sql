ALTER TABLE `holdings` ADD `acquired` text;--> statement-breakpoint
CREATE INDEX `holdings_acquired_idx` ON `holdings` (`acquired`,`discipline`) WHERE acquired IS NOT NULL;