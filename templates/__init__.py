"""Not code: the files policy-pack ships beside its code (base editions, HTML templates and
stylesheets, fonts). pyproject.toml installs this folder as `generator.templates`, so the
code finds it through importlib.resources in a wheel and an editable install alike; this
file makes it a package, which is what importlib.resources needs to name it.
"""
