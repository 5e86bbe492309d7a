"""The YAML round-trip engine: a profile's text edited in place, changing nothing but what
was asked (yamledit), with where things are (yaml_lines) and what to write (yaml_plan).
Not about the web at all: text in, text out."""
