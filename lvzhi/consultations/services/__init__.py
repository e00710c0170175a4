"""协商 services: every write, one function per move, atomic and audited."""
