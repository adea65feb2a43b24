"""Rendering at the edge: presented tables to CSV, HTML (jinja2) and XLSX (openpyxl)."""
