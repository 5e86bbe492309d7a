"""The profiles' history (issue 29): the profiles folder as a git repository, each change a
commit by the person who made it, described field by field in words."""
