"""`python -m generator`: the same command line as `policy-pack`."""

from generator.cli import main

raise SystemExit(main())
