"""`policy-pack serve`: a web editor for profiles, and the reviewers' pages (an optional
extra, policy-pack[serve]). The YAML file stays the single source of truth: the editor keeps
no state of its own and writes each change back with the file's comments and layout."""

from generator.serve.app import create_app
from generator.serve.security import Access
from generator.serve.server import Options, serve
from generator.serve.workspace import Settings

__all__ = ["Access", "Options", "Settings", "create_app", "serve"]
