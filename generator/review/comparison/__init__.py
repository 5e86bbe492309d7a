"""Comparing two policies: the pure comparison of their sections (sections) and of their
own data, tables row by row (data); and the files made from it: report.html (report), the
DOCX redline with tracked changes and the reasons as comments (redline, over tracked), and
diff.json (diff_json), with what those three share (shared)."""
