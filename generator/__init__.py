"""policy-pack: a department's YAML profile + the Cabinet Office base guidance -> its
accessible social media policy as PDF, DOCX and HTML, with a register of every departure."""

from __future__ import annotations

__version__ = "0.1.0"
