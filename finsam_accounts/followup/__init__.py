"""Budget follow-up during the year: per-account columns, insatser, charts, reports."""
