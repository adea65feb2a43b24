"""The complete annual report: texts, board and named figures around the statements."""
