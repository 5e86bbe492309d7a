"""Imported by the batch's fork server: what every worker needs, loaded once before forking.

Each worker is then forked with WeasyPrint, the bundled fonts, the editions, the templates
and the SVG converter already loaded, instead of loading them on its first pack (about
0.4 s each). Nothing here starts a thread: the PDF/UA validator's thread pool would not
survive a fork (see generator/batch.py).
"""

from generator.build import warm_up

warm_up()
