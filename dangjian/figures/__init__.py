"""The committee's figures: headline counts of a year over a user's reach, each with where it
came from, for the annual-numbers page, its workbook and the annual review. No models; it reads
the registry, the records and the study apps (it sits above them)."""
