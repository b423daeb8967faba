CREATE TABLE `course_readings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title_id` integer NOT NULL,
	`course_code` text NOT NULL,
	`course_name` text,
	`term` text NOT NULL,
	`enrolment` integer,
	`importance` text NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`title_id`) REFERENCES `titles`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `course_readings_title_course_uq` ON `course_readings` (`title_id`,`course_code`,`term`);--> statement-breakpoint
ALTER TABLE `suggestions` ADD `course_code` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `course_term` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `course_enrolment` integer;--> statement-breakpoint
CREATE INDEX `suggestions_title_course_idx` ON `suggestions` (`title_id`,`course_code`,`course_term`,`course_enrolment`) WHERE course_code IS NOT NULL;